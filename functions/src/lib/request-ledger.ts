import type { CallableLimits } from '@mlebotics/shared';
import { sha256Hex } from '@mlebotics/shared/node';
import { Timestamp } from 'firebase-admin/firestore';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONTENDED, db } from './admin.js';
import { docs } from './documents.js';
import { ApiError } from './errors.js';
import { bucketsFor, takeFromMemory, takeInTransaction } from './rate-limit.js';

/**
 * A claimed request older than this is taken to have died with its instance (longer than any
 * callable's timeout), and runs again; the handlers check their own state, so a half-done first
 * attempt is finished, not repeated.
 */
const LEASE_MS = 130_000;
/** How long a duplicate waits for the first call with its id to finish. */
const DUPLICATE_WAIT_MS = 30_000;
const POLL_MS = 200;
/** Kept for retries for a day. */
const RECORD_TTL_MS = 86_400_000;
/** A result larger than this is not kept (a document holds 1 MiB); a replay then says it was done. */
const MAX_RESULT_JSON = 512 * 1024;

export type Admission =
  { kind: 'replay'; result: unknown } | { kind: 'run'; done(result: unknown): Promise<void>; failed(): Promise<void> };

const nothing = async () => {};
const run: Admission = { kind: 'run', done: nothing, failed: nothing };

/** JSON with object keys sorted: the same input hashes the same whatever its key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/**
 * Lets a call through its abuse limits and, for a mutation with a client request id, at most once:
 * the first call with an id claims it (with its rate-limit tokens, in one transaction) and runs; a
 * retry or double submit with the same id waits for the first to finish and gets its result,
 * taking no token and writing nothing. A call refused by its handler releases its id (the person
 * may correct something and send the same action again).
 */
export async function admit(
  name: string,
  limits: CallableLimits,
  uid: string,
  input: unknown,
  requestId: string | undefined,
): Promise<Admission> {
  const claims = bucketsFor(name, limits, uid, input);
  const shared = limits.buckets === 'shared';
  if (!limits.mutates || !requestId) {
    // A person's bucket is one document every call of theirs changes: concurrent calls contend.
    if (shared) await db.runTransaction(async (tx) => (await takeInTransaction(tx, name, claims))(), CONTENDED);
    else takeFromMemory(name, claims);
    return run;
  }
  if (!shared) takeFromMemory(name, claims);
  const ref = docs.callRequest(`${uid}:${name}:${requestId}`);
  const inputSha256 = sha256Hex(canonicalJson(input));
  const waitUntil = Date.now() + DUPLICATE_WAIT_MS;
  for (;;) {
    const outcome = await db.runTransaction(async (tx) => {
      const record = (await tx.get(ref)).data();
      const now = Date.now();
      if (record) {
        if (record.uid !== uid || record.inputSha256 !== inputSha256) {
          throw new ApiError(
            'request-id-reused',
            `The request id ${requestId} was already used for another ${name} request; send a new id for a new action.`,
          );
        }
        if (record.state === 'done') return { kind: 'replay' as const, json: record.resultJson };
        if (now - record.startedAt < LEASE_MS) return { kind: 'wait' as const };
      }
      const apply = shared ? await takeInTransaction(tx, name, claims, now) : undefined;
      apply?.();
      tx.set(ref, {
        uid,
        callable: name,
        inputSha256,
        state: 'running',
        startedAt: now,
        resultJson: null,
        expireAt: Timestamp.fromMillis(now + RECORD_TTL_MS),
      });
      return { kind: 'run' as const };
    }, CONTENDED);
    if (outcome.kind === 'replay') {
      if (outcome.json === null) {
        throw new ApiError(
          'already-exists',
          limits.secretResult
            ? `This ${name} request was already carried out; its secret is shown only once and is not kept, so it cannot be shown again.`
            : `This ${name} request was already carried out.`,
        );
      }
      return { kind: 'replay', result: JSON.parse(outcome.json) };
    }
    if (outcome.kind === 'run') {
      return {
        kind: 'run',
        async done(result) {
          // A result holding a secret (an API token) is never written down, even for a day.
          const json = limits.secretResult ? null : JSON.stringify(result ?? null);
          await ref.update({
            state: 'done',
            resultJson: json !== null && json.length <= MAX_RESULT_JSON ? json : null,
          });
        },
        failed: async () => void (await ref.delete()),
      };
    }
    if (Date.now() >= waitUntil) {
      throw new ApiError('conflict', `The same ${name} request is still being carried out; try again in a moment.`);
    }
    await sleep(POLL_MS);
  }
}
