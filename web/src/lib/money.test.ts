import { describe, expect, it } from 'vitest';
import { formatMinor } from './money';

describe('formatMinor', () => {
  it('places the decimal point by the currency’s minor units, exactly', () => {
    expect(formatMinor(1999, 'usd')).toBe('$19.99');
    expect(formatMinor(5, 'eur')).toBe('€0.05');
    expect(formatMinor(500, 'jpy')).toBe('¥500');
    expect(formatMinor(1234, 'BHD').replace(/\s/g, ' ')).toBe('BHD 1.234');
    expect(formatMinor(-399, 'usd')).toBe('-$3.99');
    expect(formatMinor(9007199254740991, 'usd')).toBe('$90,071,992,547,409.91');
  });
});
