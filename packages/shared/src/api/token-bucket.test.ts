import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as api from './index.js';
import { CALLABLE_LIMITS } from './rate-limits.js';
import { refill, take, type BucketLimit, type BucketState } from './token-bucket.js';

const limit: BucketLimit = { capacity: 5, refillPerMinute: 30 }; // a token every 2 s

function burst(n: number, now: number, start?: BucketState) {
  let state = start;
  const outcomes: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const result = take(limit, state, now);
    outcomes.push(result.ok);
    state = result.state;
  }
  return { outcomes, state };
}

describe('the token bucket', () => {
  it('lets a full burst through, refuses the next with the wait until one token is back', () => {
    const { outcomes, state } = burst(5, 1_000);
    expect(outcomes).toEqual([true, true, true, true, true]);
    const refused = take(limit, state, 1_000);
    expect(refused).toMatchObject({ ok: false, retryAfterMs: 2_000 });
    // Half a token later the wait is half as long; after it, exactly one request passes.
    expect(take(limit, state, 2_000)).toMatchObject({ ok: false, retryAfterMs: 1_000 });
    const after = take(limit, state, 3_000);
    expect(after.ok).toBe(true);
    expect(take(limit, after.state, 3_000).ok).toBe(false);
  });

  it('refills to capacity and never beyond, and a clock that goes back gives nothing', () => {
    const { state } = burst(5, 0);
    expect(refill(limit, state, 3_600_000).tokens).toBe(5);
    expect(refill(limit, { tokens: 2, at: 10_000 }, 5_000)).toEqual({ tokens: 2, at: 10_000 });
  });

  it('never lets more through than capacity plus the refill over any time span (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 600 }),
        fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 300 }),
        (capacity, refillPerMinute, gaps) => {
          const l = { capacity, refillPerMinute };
          let state: BucketState | undefined;
          let now = 0;
          let passed = 0;
          for (const gap of gaps) {
            now += gap;
            const result = take(l, state, now);
            state = result.state;
            if (result.ok) passed++;
            else expect(result.retryAfterMs).toBeGreaterThan(0);
          }
          expect(passed).toBeLessThanOrEqual(capacity + Math.floor((now * refillPerMinute) / 60_000) + 1e-9);
        },
      ),
    );
  });
});

describe('the abuse limits table', () => {
  const contracts = (Object.values(api) as unknown[]).filter(
    (value): value is { name: string; input: unknown } =>
      typeof value === 'object' && value !== null && 'name' in value && 'input' in value,
  );

  it('has a row for every callable contract and none for a callable that does not exist', () => {
    expect(contracts.length).toBeGreaterThan(30);
    expect(Object.keys(CALLABLE_LIMITS).sort()).toEqual(contracts.map((c) => c.name).sort());
  });

  it('has sane numbers: a burst of at least one, a refill, a body cap, shared buckets only for mutations', () => {
    for (const [name, limits] of Object.entries(CALLABLE_LIMITS)) {
      const buckets = [limits.perUser, ...('perScope' in limits && limits.perScope ? [limits.perScope.limit] : [])];
      for (const b of buckets) {
        expect(b.capacity, name).toBeGreaterThanOrEqual(1);
        expect(b.refillPerMinute, name).toBeGreaterThan(0);
      }
      expect(limits.maxInputBytes, name).toBeGreaterThanOrEqual(1024);
      if (limits.buckets === 'shared') expect(limits.mutates, name).toBe(true);
    }
  });
});
