import * as z from 'zod/mini';
import { timestampSchema } from '../converter.js';

// Abuse limits and idempotent calls (functions/src/lib/rate-limit.ts, request-ledger.ts) -------

/** `rateLimits/{callable}:{user|orgId|publisherId}:{id}`: a token bucket shared by every instance. */
export const rateLimitDocSchema = z.strictObject({
  tokens: z.number(),
  /** Epoch milliseconds of `tokens`. */
  at: z.number(),
  /** For a Firestore TTL policy: an idle bucket is full again long before this. */
  expireAt: timestampSchema,
});

/**
 * `callRequests/{uid}:{callable}:{requestId}`: a mutating call claimed by its client request id.
 * `running` until the handler returns, then `done` with the result the caller got, which a retry
 * or double submit with the same id receives instead of running the handler again.
 */
export const callRequestDocSchema = z.strictObject({
  uid: z.string(),
  callable: z.string(),
  /** sha256 of the input: the same id with another input is refused, not answered with another's result. */
  inputSha256: z.string(),
  state: z.enum(['running', 'done']),
  startedAt: z.number(),
  /** The handler's result as JSON (a result is small: ids and states). */
  resultJson: z.nullable(z.string()),
  expireAt: timestampSchema,
});

// Search (functions/src/search) ---------------------------------------------------------------

/** `searchChanges/{pluginId}`: the listing changed at `at`; search instances catch up from these. */
export const searchChangeDocSchema = z.strictObject({ at: timestampSchema });

/** `searchIndex/public`: where the public catalogue's index snapshot is and what it holds. */
export const searchIndexDocSchema = z.strictObject({
  /** Storage object of the gzipped snapshot. */
  path: z.string(),
  /** Every change up to this time (epoch ms) is in the snapshot. */
  asOfMs: z.number(),
  count: z.int(),
  bytes: z.int(),
  builtAt: timestampSchema,
  /** A rebuild in progress holds this lease (epoch ms); others skip until it passes. */
  buildingUntilMs: z.number(),
});
