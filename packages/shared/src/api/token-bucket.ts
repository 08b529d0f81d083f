/**
 * A token bucket: `capacity` tokens at most (the burst), refilled continuously at
 * `refillPerMinute`. Each request takes one token; with none left it is refused and told how long
 * until the next token. Pure: the state is stored wherever the caller keeps it (a Firestore
 * document for mutations, memory for reads; see functions/src/lib/rate-limit.ts).
 */
export interface BucketLimit {
  /** Requests that may come at once. */
  capacity: number;
  /** Sustained requests per minute. */
  refillPerMinute: number;
}

export interface BucketState {
  tokens: number;
  /** Epoch milliseconds of `tokens`. */
  at: number;
}

export type TakeResult = { ok: true; state: BucketState } | { ok: false; state: BucketState; retryAfterMs: number };

/** The bucket at `now`: refilled since `state.at`, never above capacity (a fresh bucket is full). */
export function refill(limit: BucketLimit, state: BucketState | undefined, now: number): BucketState {
  if (!state) return { tokens: limit.capacity, at: now };
  // A clock that went backwards (another instance's time) refills nothing and takes nothing back.
  const elapsed = Math.max(0, now - state.at);
  const tokens = Math.min(limit.capacity, state.tokens + (elapsed * limit.refillPerMinute) / 60_000);
  return { tokens, at: Math.max(now, state.at) };
}

/** Takes one token at `now`, or says how long until one is there. */
export function take(limit: BucketLimit, state: BucketState | undefined, now: number): TakeResult {
  const current = refill(limit, state, now);
  if (current.tokens >= 1) return { ok: true, state: { tokens: current.tokens - 1, at: current.at } };
  const retryAfterMs = Math.ceil(((1 - current.tokens) * 60_000) / limit.refillPerMinute);
  return { ok: false, state: current, retryAfterMs };
}
