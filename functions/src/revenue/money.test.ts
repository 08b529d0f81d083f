import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertMinorAmount,
  CURRENCY_EXPONENTS,
  formatMinor,
  minorUnitExponent,
  MoneyError,
  parseCurrency,
  splitPayment,
  type CurrencyCode,
} from './money.js';

const currencies = Object.keys(CURRENCY_EXPONENTS) as CurrencyCode[];
const anyCurrency = fc.constantFrom(...currencies);
/** Small amounts (where rounding matters most) and amounts up to the largest safe integer. */
const anyAmount = fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.maxSafeNat());

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof MoneyError ? error.code : `not a MoneyError: ${String(error)}`;
  }
  return undefined;
}

describe('currencies', () => {
  it('knows the ISO 4217 exponents of two-, zero- and three-decimal currencies', () => {
    expect([minorUnitExponent('usd'), minorUnitExponent('EUR'), minorUnitExponent('gbp')]).toEqual([2, 2, 2]);
    expect([minorUnitExponent('JPY'), minorUnitExponent('krw')]).toEqual([0, 0]);
    expect([minorUnitExponent('bhd'), minorUnitExponent('KWD'), minorUnitExponent('jod')]).toEqual([3, 3, 3]);
  });

  it('normalizes codes to lowercase and refuses codes outside the table', () => {
    expect(parseCurrency(' Usd ')).toBe('usd');
    expect(codeOf(() => parseCurrency('isk'))).toBe('unknown-currency');
    expect(codeOf(() => parseCurrency('xxx'))).toBe('unknown-currency');
    expect(codeOf(() => parseCurrency('toString'))).toBe('unknown-currency');
    expect(() => parseCurrency('abc')).toThrow(/Currency "abc" is not accepted; use one of: .*usd/);
  });
});

describe('assertMinorAmount', () => {
  it('accepts safe non-negative integers', () => {
    expect(assertMinorAmount(0)).toBe(0);
    expect(assertMinorAmount(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([
    [12.5, 'not-an-integer'],
    [Number.NaN, 'not-an-integer'],
    [Number.POSITIVE_INFINITY, 'not-an-integer'],
    ['100', 'not-an-integer'],
    [-1, 'negative-amount'],
    [Number.MAX_SAFE_INTEGER + 1, 'unsafe-amount'],
    [2 ** 60, 'unsafe-amount'],
  ])('refuses %s (%s)', (value, code) => {
    expect(codeOf(() => assertMinorAmount(value))).toBe(code);
  });

  it('says what was wrong in the message', () => {
    expect(() => assertMinorAmount(19.99, 'price')).toThrow(
      'The price must be a whole number of minor units (for example 1999 for 19.99 USD), got 19.99.',
    );
  });
});

describe('splitPayment', () => {
  it('gives the marketplace floor(20%) and the developer the rest', () => {
    expect(splitPayment(1000, 'usd')).toEqual({ developer: 800, marketplace: 200 });
    expect(splitPayment(999, 'usd')).toEqual({ developer: 800, marketplace: 199 });
    expect(splitPayment(1, 'jpy')).toEqual({ developer: 1, marketplace: 0 });
    expect(splitPayment(4, 'kwd')).toEqual({ developer: 4, marketplace: 0 });
    expect(splitPayment(5, 'kwd')).toEqual({ developer: 4, marketplace: 1 });
    expect(splitPayment(0, 'eur')).toEqual({ developer: 0, marketplace: 0 });
    expect(splitPayment(Number.MAX_SAFE_INTEGER, 'usd')).toEqual({
      developer: 7205759403792793,
      marketplace: 1801439850948198,
    });
    // Here Math.floor(amount * 20 / 100) would give 1801439850948195: a double cannot hold amount × 20.
    expect(splitPayment(9007199254740980, 'usd')).toEqual({
      developer: 7205759403792784,
      marketplace: 1801439850948196,
    });
  });

  it('refuses invalid amounts and currencies', () => {
    expect(codeOf(() => splitPayment(10.5, 'usd'))).toBe('not-an-integer');
    expect(codeOf(() => splitPayment(-100, 'usd'))).toBe('negative-amount');
    expect(codeOf(() => splitPayment(2 ** 53, 'usd'))).toBe('unsafe-amount');
    expect(codeOf(() => splitPayment(100, 'zzz'))).toBe('unknown-currency');
  });

  it('property: shares are non-negative integers that sum to the payment exactly', () => {
    fc.assert(
      fc.property(anyAmount, anyCurrency, (amount, currency) => {
        const { developer, marketplace } = splitPayment(amount, currency);
        expect(Number.isSafeInteger(developer) && Number.isSafeInteger(marketplace)).toBe(true);
        expect(developer).toBeGreaterThanOrEqual(0);
        expect(marketplace).toBeGreaterThanOrEqual(0);
        expect(BigInt(developer) + BigInt(marketplace)).toBe(BigInt(amount));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: the developer gets at least 80% and less than one minor unit more', () => {
    fc.assert(
      fc.property(anyAmount, anyCurrency, (amount, currency) => {
        const { developer } = splitPayment(amount, currency);
        // Exact comparison in BigInt: 100·developer − 80·amount is in [0, 100).
        const excessTimes100 = 100n * BigInt(developer) - 80n * BigInt(amount);
        expect(excessTimes100 >= 0n && excessTimes100 < 100n).toBe(true);
        expect(BigInt(developer)).toBeGreaterThanOrEqual((BigInt(amount) * 80n) / 100n);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatMinor', () => {
  it('places the decimal point by the currency exponent', () => {
    expect(formatMinor(1999, 'usd')).toBe('19.99 USD');
    expect(formatMinor(5, 'eur')).toBe('0.05 EUR');
    expect(formatMinor(500, 'JPY')).toBe('500 JPY');
    expect(formatMinor(1250, 'kwd')).toBe('1.250 KWD');
    expect(formatMinor(-250, 'usd')).toBe('-2.50 USD');
  });
});
