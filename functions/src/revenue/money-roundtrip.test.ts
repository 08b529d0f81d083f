// One currency table from entry to display: a price typed in the listing settings, stored by the
// contract, charged through the provider and split in the ledger, then shown, is the same
// amount in every accepted currency.
import {
  CURRENCY_CODES,
  CURRENCY_EXPONENTS,
  chargeStep,
  formatMinorUnits,
  fromMinorUnits,
  pricingSchema,
  toMinorUnits,
} from '@mlebotics/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitPayment } from './money.js';
import { checkCheckoutRequest } from './provider.js';

const request = (amountMinor: number, currency: string) => ({
  orgId: 'acme',
  pluginId: 'botworks.tool',
  publisherId: 'botworks',
  uid: 'uid-1',
  pricing: { model: 'one-time' as const, amountMinor, currency },
  productName: 'Tool',
  successUrl: 'https://console.example/ok',
  cancelUrl: 'https://console.example/cancel',
});

describe('money round trip', () => {
  it('enter → store → charge → split → show is exact in every currency', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CURRENCY_CODES), fc.integer({ min: 1, max: 1_000_000 }), (currency, units) => {
        const minor = Math.max(50, units) * chargeStep(currency);
        if (minor > 100_000_000) return;
        // What the publisher types, as the settings form shows a stored price.
        const typed = fromMinorUnits(minor, currency);
        const entered = toMinorUnits(typed, currency);
        expect(entered).toBe(minor);
        // Stored by the updateListing contract.
        const stored = pricingSchema.parse({ model: 'one-time', amount: entered, currency });
        expect(stored).toEqual({ model: 'one-time', amount: minor, currency });
        // Charged: the provider takes the stored minor units as they are.
        expect(checkCheckoutRequest(request(minor, currency))).toEqual({ amountMinor: minor, currency });
        const split = splitPayment(minor, currency);
        expect(split.developer + split.marketplace).toBe(minor);
        // Shown: the digits of the display are the amount's, with the table's decimals.
        const shown = formatMinorUnits(minor, currency);
        const digits = CURRENCY_EXPONENTS[currency];
        expect(shown.replace(/[^0-9]/g, '').replace(/^0+/, '')).toBe(String(minor));
        if (digits > 0) expect(shown).toMatch(new RegExp(`[.,]\\d{${digits}}(?!\\d)`));
      }),
      { numRuns: 2000 },
    );
  });

  it('shows HUF and IDR with their two decimals (not 100× too large), JPY with none, KWD with three', () => {
    expect(formatMinorUnits(150000, 'huf')).toMatch(/1,500\.00/);
    expect(formatMinorUnits(1500000, 'idr')).toMatch(/15,000\.00/);
    expect(formatMinorUnits(500, 'jpy')).toBe('¥500');
    expect(formatMinorUnits(1250, 'kwd')).toMatch(/1\.250/);
    expect(toMinorUnits('500', 'jpy')).toBe(500);
    expect(() => toMinorUnits('5.5', 'jpy')).toThrow(/no decimal places/);
    expect(() => toMinorUnits('1.2345', 'kwd')).toThrow(/3 decimal places at most/);
  });

  it('refuses currencies outside the table and prices the provider cannot charge, when the price is set', () => {
    expect(pricingSchema.safeParse({ model: 'one-time', amount: 1000, currency: 'xyz' }).success).toBe(false);
    expect(pricingSchema.safeParse({ model: 'one-time', amount: 1255, currency: 'kwd' }).success).toBe(false);
    expect(pricingSchema.safeParse({ model: 'one-time', amount: 150050, currency: 'huf' }).success).toBe(false);
    expect(pricingSchema.safeParse({ model: 'one-time', amount: 150000, currency: 'huf' }).success).toBe(true);
  });
});
