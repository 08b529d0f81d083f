import { take, type BucketLimit, type BucketState, type CallableLimits } from '@mlebotics/shared';
import { Timestamp, type Transaction } from 'firebase-admin/firestore';
import { docs } from './documents.js';
import { ApiError } from './errors.js';

/** A bucket to take a token from: its key and its limit. */
export interface BucketClaim {
  key: string;
  limit: BucketLimit;
  /** Who it limits, for the refusal message. */
  who: string;
}

/** The buckets a call takes from: the caller's, and its organization's or publisher's if the input names one. */
export function bucketsFor(name: string, limits: CallableLimits, uid: string, input: unknown): BucketClaim[] {
  const claims: BucketClaim[] = [{ key: `${name}:user:${uid}`, limit: limits.perUser, who: 'your account' }];
  if (limits.perScope) {
    const id = (input as Record<string, unknown> | null)?.[limits.perScope.field];
    if (typeof id === 'string') {
      const kind = limits.perScope.field === 'orgId' ? 'org' : 'publisher';
      claims.push({ key: `${name}:${kind}:${id}`, limit: limits.perScope.limit, who: `the ${kind} ${id}` });
    }
  }
  return claims;
}

export function rateLimited(name: string, who: string, retryAfterMs: number): ApiError {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new ApiError('rate-limited', `Too many ${name} requests from ${who}: try again in ${retryAfterSeconds} s.`, {
    retryAfterSeconds,
  });
}

/** Buckets in this instance's memory (reads, the runtime), bounded so an id flood cannot grow it. */
const MAX_MEMORY_BUCKETS = 50_000;
const memory = new Map<string, BucketState>();

/** Takes a token from every bucket, all or none; refuses with the longest wait. */
export function takeFromMemory(name: string, claims: BucketClaim[], now = Date.now()): void {
  const results = claims.map((claim) => ({ claim, result: take(claim.limit, memory.get(claim.key), now) }));
  const refused = results.filter((r) => !r.result.ok);
  if (refused.length > 0) {
    const worst = refused.reduce((a, b) => (retryOf(a.result) >= retryOf(b.result) ? a : b));
    throw rateLimited(name, worst.claim.who, retryOf(worst.result));
  }
  for (const { claim, result } of results) {
    memory.delete(claim.key);
    memory.set(claim.key, result.state);
  }
  // Oldest first in insertion order: the least recently used buckets go (they would be full again).
  while (memory.size > MAX_MEMORY_BUCKETS) memory.delete(memory.keys().next().value!);
}

const retryOf = (result: ReturnType<typeof take>): number => (result.ok ? 0 : result.retryAfterMs);

/** Kept a day after their last use; any bucket is full again long before. */
const BUCKET_TTL_MS = 86_400_000;

/**
 * Takes a token from every bucket inside the caller's transaction (reads first, then writes):
 * shared by all instances. Throws `rate-limited` with the longest wait, writing nothing.
 */
export async function takeInTransaction(
  tx: Transaction,
  name: string,
  claims: BucketClaim[],
  now = Date.now(),
): Promise<() => void> {
  const refs = claims.map((claim) => docs.rateLimit(claim.key));
  const snapshots = await Promise.all(refs.map((ref) => tx.get(ref)));
  const results = claims.map((claim, i) => ({ claim, result: take(claim.limit, snapshots[i]!.data(), now) }));
  const refused = results.filter((r) => !r.result.ok);
  if (refused.length > 0) {
    const worst = refused.reduce((a, b) => (retryOf(a.result) >= retryOf(b.result) ? a : b));
    throw rateLimited(name, worst.claim.who, retryOf(worst.result));
  }
  return () =>
    results.forEach(({ result }, i) =>
      tx.set(refs[i]!, { ...result.state, expireAt: Timestamp.fromMillis(now + BUCKET_TTL_MS) }),
    );
}

/** Tests only: forget the memory buckets. */
export function resetMemoryBuckets(): void {
  memory.clear();
}
