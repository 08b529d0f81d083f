/** Digits after the decimal point of a currency (ISO 4217 minor units), from the browser's Intl data. */
function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * An amount in integer minor units, formatted exactly: the decimal point is placed by string
 * arithmetic, so no floating-point rounding (JPY has no minor units, BHD has three).
 */
export function formatMinor(minor: number, currency: string): string {
  const code = currency.toUpperCase();
  const digits = minorDigits(code);
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = new Intl.NumberFormat('en').format(BigInt(digits ? text.slice(0, -digits) : text));
  const decimal = digits ? `${whole}.${text.slice(-digits)}` : whole;
  const formatted = new Intl.NumberFormat('en', { style: 'currency', currency: code, minimumFractionDigits: digits })
    .formatToParts(0)
    .map((part) =>
      part.type === 'integer' ? decimal : part.type === 'decimal' || part.type === 'fraction' ? '' : part.value,
    )
    .join('');
  return minor < 0 ? `-${formatted}` : formatted;
}
