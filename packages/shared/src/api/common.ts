import { z } from 'zod';

/**
 * Property names that look up something other than data on a plain JavaScript object; an id
 * equal to one of them could be mistaken for a member by `members[id]`.
 */
const PROTOTYPE_NAMES = new Set(['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty']);

/**
 * An account id (Firebase Auth uid) as callables accept it: letters, digits, `-` and `_`, never
 * a name Firestore reserves (`__…__`) nor an Object prototype property.
 */
export const accountIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be an account id (letters, digits, - and _)')
  .refine((id) => !/^__.*__$/.test(id) && !PROTOTYPE_NAMES.has(id), 'is not an account id');

/** A document id the server generated (uploads, invitations): URL-safe base64 or hex. */
export const generatedIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be an id the marketplace issued')
  .refine((id) => !/^__.*__$/.test(id) && !PROTOTYPE_NAMES.has(id), 'is not an id the marketplace issued');

/** A role or other value in `members` for `uid`, never inherited from Object.prototype. */
export function memberRole<R extends string>(members: unknown, uid: string): R | undefined {
  if (members === null || typeof members !== 'object' || !Object.hasOwn(members, uid)) return undefined;
  const role = (members as Record<string, unknown>)[uid];
  return typeof role === 'string' ? (role as R) : undefined;
}

/** Deepest nesting of arrays and objects in a value, counted without recursion (stops past `limit`). */
export function valueDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  let visited = 0;
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const level = depth + 1;
    deepest = Math.max(deepest, level);
    if (deepest > limit || ++visited > 1_000_000) return deepest;
    for (const child of Object.values(current as Record<string, unknown>)) {
      if (child !== null && typeof child === 'object') stack.push([child, level]);
    }
  }
  return deepest;
}
