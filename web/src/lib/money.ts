import { formatMinorUnits, isCurrencyCode } from '@mlebotics/shared';

/**
 * An amount in integer minor units, formatted exactly with the marketplace's currency table (the
 * same one the functions charge with), so what is shown is what is charged.
 */
export function formatMinor(minor: number, currency: string): string {
  const code = currency.toLowerCase();
  if (!isCurrencyCode(code)) return `${minor} ${currency.toUpperCase()} (minor units)`;
  return formatMinorUnits(minor, code);
}
