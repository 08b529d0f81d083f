import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateEarnings,
  LedgerError,
  paymentEntry,
  paymentEntryId,
  periodOf,
  refundedShares,
  refundEntry,
  type LedgerEntry,
} from './ledger.js';
import { CURRENCY_EXPONENTS, type CurrencyCode } from './money.js';

const currencies = Object.keys(CURRENCY_EXPONENTS) as CurrencyCode[];
const JUNE_2026 = Date.UTC(2026, 5, 15, 12);
const JULY_2026 = Date.UTC(2026, 6, 1, 0, 0, 1);

function payment(amountMinor: number, currency: string = 'usd', providerRef = 'pi_1'): LedgerEntry {
  return paymentEntry({
    provider: 'stripe',
    providerRef,
    orgId: 'org-a',
    pluginId: 'acme.weather',
    publisherId: 'acme',
    currency,
    amountMinor,
    occurredAt: JUNE_2026,
    testMode: false,
  });
}

/** Applies refund notifications (cumulative totals) in delivery order, as the entitlement reducer does. */
function applyRefunds(paid: LedgerEntry, totals: number[]): LedgerEntry[] {
  let reversed = 0;
  const entries: LedgerEntry[] = [];
  for (const total of totals) {
    const entry = refundEntry(paid, reversed, { refundedTotalMinor: total, occurredAt: JULY_2026 });
    if (entry) {
      entries.push(entry);
      reversed = total;
    } else {
      expect(total).toBeLessThanOrEqual(reversed);
    }
  }
  return entries;
}

const sum = (entries: LedgerEntry[], key: 'amountMinor' | 'developerMinor' | 'marketplaceMinor'): bigint =>
  entries.reduce((acc, e) => acc + BigInt(e[key]), 0n);

/** A payment (small or up to the largest safe integer) with refund notifications delivered in any order. */
const paymentWithRefunds = fc
  .record({
    amount: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.maxSafeNat()),
    currency: fc.constantFrom(...currencies),
  })
  .chain(({ amount, currency }) =>
    fc.record({
      amount: fc.constant(amount),
      currency: fc.constant(currency),
      totals: fc.array(fc.integer({ min: 0, max: amount }), { maxLength: 12 }),
      refundInFull: fc.boolean(),
    }),
  );

describe('payment entries', () => {
  it('records the 80/20 split with an id derived from the payment', () => {
    expect(payment(1999)).toEqual({
      id: 'stripe:payment:pi_1',
      kind: 'payment',
      pluginId: 'acme.weather',
      publisherId: 'acme',
      orgId: 'org-a',
      currency: 'usd',
      amountMinor: 1999,
      developerMinor: 1600,
      marketplaceMinor: 399,
      occurredAt: JUNE_2026,
      period: '2026-06',
      provider: 'stripe',
      providerRef: 'pi_1',
      testMode: false,
    });
    expect(payment(1999).id).toBe(payment(1999).id);
  });

  it('keeps ids usable as Firestore document ids', () => {
    expect(paymentEntryId('stripe', 'a/b')).toBe('stripe:payment:a%2Fb');
  });

  it('uses the UTC month as period', () => {
    expect(periodOf(Date.UTC(2026, 0, 31, 23, 59, 59))).toBe('2026-01');
    expect(periodOf(Date.UTC(2026, 11, 31, 23, 59, 59, 999))).toBe('2026-12');
  });

  it('refuses amounts that are not minor units', () => {
    expect(() => payment(12.5)).toThrow(/whole number of minor units/);
    expect(() => payment(-5)).toThrow(/must not be negative/);
  });
});

describe('refund entries', () => {
  it('reverses the developer share rounded down and the marketplace the rest', () => {
    const paid = payment(999); // developer 800, marketplace 199
    const first = refundEntry(paid, 0, { refundedTotalMinor: 500, occurredAt: JULY_2026 });
    // developer: floor(500 × 800 / 999) = 400; marketplace: 100.
    expect(first).toMatchObject({
      id: 'stripe:refund:pi_1:500',
      kind: 'refund',
      amountMinor: -500,
      developerMinor: -400,
      marketplaceMinor: -100,
      period: '2026-07',
      providerRef: 'pi_1',
      refundedTotalMinor: 500,
    });
    const rest = refundEntry(paid, 500, { refundedTotalMinor: 999, occurredAt: JULY_2026 });
    expect(rest).toMatchObject({ amountMinor: -499, developerMinor: -400, marketplaceMinor: -99 });
  });

  it('writes zero shares as 0, not -0', () => {
    // 5 fils: developer 4, marketplace 1; refunding 1 reverses floor(1 × 4 / 5) = 0 of the developer's.
    const entry = refundEntry(payment(5, 'kwd'), 0, { refundedTotalMinor: 1, occurredAt: JULY_2026 })!;
    expect(Object.is(entry.developerMinor, 0)).toBe(true);
    expect(entry.marketplaceMinor).toBe(-1);
  });

  it('produces nothing for a total already reversed', () => {
    const paid = payment(1000);
    expect(refundEntry(paid, 600, { refundedTotalMinor: 600, occurredAt: JULY_2026 })).toBeUndefined();
    expect(refundEntry(paid, 600, { refundedTotalMinor: 300, occurredAt: JULY_2026 })).toBeUndefined();
  });

  it('refuses refunds beyond the payment and refunds in another currency', () => {
    const paid = payment(1000);
    const error = (() => {
      try {
        refundEntry(paid, 0, { refundedTotalMinor: 1001, occurredAt: JULY_2026 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as LedgerError).code).toBe('refund-exceeds-payment');
    expect(() => refundEntry(paid, 0, { refundedTotalMinor: 10, occurredAt: JULY_2026, currency: 'EUR' })).toThrow(
      'The refund is in EUR but payment pi_1 was in usd.',
    );
  });

  it('property: cumulative reversals are monotone and bounded by the shares', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 1, max: 1000 }),
          fc.maxSafeNat().filter((n) => n > 0),
        ),
        fc.constantFrom(...currencies),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (amount, currency, f1, f2) => {
          const paid = payment(amount, currency);
          const [r1, r2] = [Math.floor(amount * Math.min(f1, f2)), Math.floor(amount * Math.max(f1, f2))];
          const a = refundedShares(paid, r1);
          const b = refundedShares(paid, r2);
          expect(a.developer + a.marketplace).toBe(r1);
          expect(b.developer).toBeGreaterThanOrEqual(a.developer);
          expect(b.marketplace).toBeGreaterThanOrEqual(a.marketplace);
          expect(b.developer).toBeLessThanOrEqual(paid.developerMinor);
          expect(b.marketplace).toBeLessThanOrEqual(paid.marketplaceMinor);
          expect(refundedShares(paid, amount)).toEqual({
            developer: paid.developerMinor,
            marketplace: paid.marketplaceMinor,
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('property: partial refunds in any order never over-reverse, and a full refund nets to zero', () => {
    fc.assert(
      fc.property(paymentWithRefunds, ({ amount, currency, totals, refundInFull }) => {
        const paid = payment(amount, currency);
        const delivered = refundInFull ? [...totals, amount, ...totals] : totals;
        const entries = applyRefunds(paid, delivered);
        const finalTotal = delivered.reduce((max, t) => Math.max(max, t), 0);

        for (const entry of entries) {
          expect(entry.kind).toBe('refund');
          for (const value of [entry.amountMinor, entry.developerMinor, entry.marketplaceMinor]) {
            expect(Number.isSafeInteger(value) && value <= 0).toBe(true);
          }
          expect(entry.developerMinor + entry.marketplaceMinor).toBe(entry.amountMinor);
        }
        // Never more reversed than held, share by share.
        expect(-sum(entries, 'developerMinor')).toBeLessThanOrEqual(BigInt(paid.developerMinor));
        expect(-sum(entries, 'marketplaceMinor')).toBeLessThanOrEqual(BigInt(paid.marketplaceMinor));
        // Exactly the refunded total is reversed, whatever the delivery order.
        expect(-sum(entries, 'amountMinor')).toBe(BigInt(finalTotal));
        const expected = refundedShares(paid, finalTotal);
        expect(-sum(entries, 'developerMinor')).toBe(BigInt(expected.developer));
        if (refundInFull) {
          const all = [paid, ...entries];
          expect([sum(all, 'amountMinor'), sum(all, 'developerMinor'), sum(all, 'marketplaceMinor')]).toEqual([
            0n,
            0n,
            0n,
          ]);
        }
        // Replaying every notification changes nothing.
        expect(applyRefunds(paid, [...delivered, ...delivered]).map((e) => e.id)).toEqual(entries.map((e) => e.id));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('aggregateEarnings', () => {
  it('totals per plugin, month and currency, refunds in their own month', () => {
    const june = payment(1000, 'usd', 'pi_1');
    const juneEur = payment(500, 'eur', 'pi_2');
    const refund = refundEntry(june, 0, { refundedTotalMinor: 250, occurredAt: JULY_2026 })!;
    const july = paymentEntry({ ...june, providerRef: 'pi_3', amountMinor: 2000, occurredAt: JULY_2026 });
    const test = paymentEntry({ ...june, providerRef: 'pi_4', testMode: true });
    expect(aggregateEarnings([july, june, refund, juneEur, test])).toEqual([
      expect.objectContaining({
        period: '2026-06',
        currency: 'eur',
        testMode: false,
        grossMinor: 500,
        netMinor: 500,
        developerMinor: 400,
        marketplaceMinor: 100,
      }),
      expect.objectContaining({
        period: '2026-06',
        currency: 'usd',
        testMode: false,
        grossMinor: 1000,
        refundedMinor: 0,
        developerMinor: 800,
        paymentCount: 1,
      }),
      expect.objectContaining({ period: '2026-06', currency: 'usd', testMode: true, grossMinor: 1000 }),
      {
        publisherId: 'acme',
        pluginId: 'acme.weather',
        period: '2026-07',
        currency: 'usd',
        testMode: false,
        grossMinor: 2000,
        refundedMinor: 250,
        netMinor: 1750,
        developerMinor: 1600 - 200,
        marketplaceMinor: 400 - 50,
        paymentCount: 1,
        refundCount: 1,
      },
    ]);
  });

  it('refuses inconsistent entries and totals beyond safe integers', () => {
    expect(() => aggregateEarnings([{ ...payment(1000), developerMinor: 900 }])).toThrow(/is inconsistent/);
    expect(() => aggregateEarnings([{ ...payment(1000), kind: 'refund' }])).toThrow(/is inconsistent/);
    const huge = payment(Number.MAX_SAFE_INTEGER);
    expect(() => aggregateEarnings([huge, { ...huge, id: 'other' }])).toThrow(/does not fit in a safe integer/);
  });

  it('property: row totals add up to the entries', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            amount: fc.integer({ min: 0, max: 10_000_000 }),
            currency: fc.constantFrom('usd', 'jpy', 'kwd'),
            plugin: fc.constantFrom('a.one', 'b.two'),
            month: fc.integer({ min: 0, max: 2 }),
            refundedPart: fc.double({ min: 0, max: 1, noNaN: true }),
          }),
          { maxLength: 30 },
        ),
        (payments) => {
          const entries = payments.flatMap((p, i) => {
            const paid = paymentEntry({
              provider: 'stripe',
              providerRef: `pi_${i}`,
              orgId: 'org',
              pluginId: p.plugin,
              publisherId: 'pub',
              currency: p.currency,
              amountMinor: p.amount,
              occurredAt: Date.UTC(2026, p.month, 10),
              testMode: false,
            });
            const refund = refundEntry(paid, 0, {
              refundedTotalMinor: Math.floor(p.amount * p.refundedPart),
              occurredAt: Date.UTC(2026, p.month + 1, 2),
            });
            return refund ? [paid, refund] : [paid];
          });
          const rows = aggregateEarnings(entries);
          const total = (key: 'netMinor' | 'developerMinor') => rows.reduce((acc, r) => acc + BigInt(r[key]), 0n);
          expect(total('netMinor')).toBe(sum(entries, 'amountMinor'));
          expect(total('developerMinor')).toBe(sum(entries, 'developerMinor'));
          expect(rows.reduce((n, r) => n + r.paymentCount + r.refundCount, 0)).toBe(entries.length);
          for (const row of rows) expect(row.netMinor).toBe(row.developerMinor + row.marketplaceMinor);
        },
      ),
      { numRuns: 300 },
    );
  });
});
