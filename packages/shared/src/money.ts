/**
 * Money, one table for every side: the listing settings (price entry), the callables' contracts
 * (validation), the ledger and payment providers (functions) and display (web). Amounts are
 * integers of the currency's minor unit; the conversions here are string arithmetic, never
 * floating point.
 */

/**
 * The currencies the marketplace accepts, with their ISO 4217 minor-unit exponent (the number
 * of decimal digits of the minor unit: 2 for USD, where 1 USD = 100 minor units; 0 for JPY;
 * 3 for KWD, where 1 KWD = 1000 fils). Codes are lowercase, as in listing prices and in the
 * Stripe API.
 *
 * The table is closed on purpose: it lists currencies whose payment-provider amount
 * representation equals the ISO 4217 minor unit. Left out: ISK (zero-decimal in ISO 4217, but
 * two-decimal in the Stripe API) and MGA (two-decimal in ISO 4217, zero-decimal in Stripe).
 * Adding a currency means checking both sources.
 */
export const CURRENCY_EXPONENTS = {
  // Two decimals.
  aed: 2,
  aud: 2,
  brl: 2,
  cad: 2,
  chf: 2,
  cny: 2,
  czk: 2,
  dkk: 2,
  eur: 2,
  gbp: 2,
  hkd: 2,
  huf: 2,
  idr: 2,
  ils: 2,
  inr: 2,
  mxn: 2,
  myr: 2,
  nok: 2,
  nzd: 2,
  php: 2,
  pln: 2,
  ron: 2,
  sar: 2,
  sek: 2,
  sgd: 2,
  thb: 2,
  try: 2,
  twd: 2,
  usd: 2,
  zar: 2,
  // Zero decimals.
  bif: 0,
  clp: 0,
  djf: 0,
  gnf: 0,
  jpy: 0,
  kmf: 0,
  krw: 0,
  pyg: 0,
  rwf: 0,
  ugx: 0,
  vnd: 0,
  vuv: 0,
  xaf: 0,
  xof: 0,
  xpf: 0,
  // Three decimals.
  bhd: 3,
  jod: 3,
  kwd: 3,
  omr: 3,
  tnd: 3,
} as const satisfies Record<string, 0 | 2 | 3>;

/** A lowercase ISO 4217 code from {@link CURRENCY_EXPONENTS}. */
export type CurrencyCode = keyof typeof CURRENCY_EXPONENTS;

/** The accepted codes, for schemas and pickers. */
export const CURRENCY_CODES = Object.keys(CURRENCY_EXPONENTS) as [CurrencyCode, ...CurrencyCode[]];

export function isCurrencyCode(code: unknown): code is CurrencyCode {
  return typeof code === 'string' && Object.hasOwn(CURRENCY_EXPONENTS, code);
}

/**
 * The step a price must be a multiple of (in minor units) for the payment provider to charge it:
 * Stripe takes three-decimal currencies only in whole hundredths (a multiple of 10 fils) and
 * HUF and TWD only in whole units (a multiple of 100). Checked when a price is set, not at
 * checkout.
 */
export function chargeStep(currency: CurrencyCode): number {
  if (CURRENCY_EXPONENTS[currency] === 3) return 10;
  if (currency === 'huf' || currency === 'twd') return 100;
  return 1;
}

/** Why `minor` cannot be charged in `currency`, or undefined. */
export function chargeProblem(minor: number, currency: CurrencyCode): string | undefined {
  const step = chargeStep(currency);
  if (minor % step === 0) return undefined;
  return `${currency.toUpperCase()} prices are charged in steps of ${fromMinorUnits(step, currency)}; ${fromMinorUnits(minor, currency)} is not one.`;
}

/** Why a price typed by a person is not an amount of the currency. */
export class PriceFormatError extends Error {}

/**
 * A decimal amount typed by a person ("19.99", "1,500", "0.5") as integer minor units of
 * `currency`, exactly: at most as many decimals as the currency has (JPY none, KWD three).
 */
export function toMinorUnits(text: string, currency: CurrencyCode): number {
  const digits = CURRENCY_EXPONENTS[currency];
  const clean = text.trim().replace(/[,\s_]/g, '');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(clean);
  if (!match)
    throw new PriceFormatError(
      `"${text}" is not an amount; write it like ${digits ? `12.${'5'.repeat(digits)}` : '1200'}.`,
    );
  const [, whole, fraction = ''] = match;
  if (fraction.length > digits) {
    throw new PriceFormatError(
      digits === 0
        ? `${currency.toUpperCase()} has no decimal places; write a whole amount.`
        : `${currency.toUpperCase()} has ${digits} decimal places at most.`,
    );
  }
  const minor = Number(`${whole}${fraction.padEnd(digits, '0')}`);
  if (!Number.isSafeInteger(minor)) throw new PriceFormatError(`${text} is too large.`);
  return minor;
}

/** Integer minor units as the decimal text a person types ("1999" USD → "19.99"; JPY 500 → "500"). */
export function fromMinorUnits(minor: number, currency: CurrencyCode): string {
  const digits = CURRENCY_EXPONENTS[currency];
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  const value = digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
  return minor < 0 ? `-${value}` : value;
}

/**
 * An amount in integer minor units, formatted for people with the currency's symbol, with
 * exactly the table's decimals (never the locale's idea of them: Intl shows HUF and IDR with no
 * decimals although their minor unit, and Stripe's, has two).
 */
export function formatMinorUnits(minor: number, currency: CurrencyCode, locale = 'en'): string {
  const digits = CURRENCY_EXPONENTS[currency];
  const decimal = fromMinorUnits(Math.abs(minor), currency);
  const [whole, fraction] = decimal.split('.');
  const grouped = new Intl.NumberFormat(locale).format(BigInt(whole!));
  const parts = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).formatToParts(digits ? 1.5 : 1);
  const formatted = parts
    .map((part) => {
      if (part.type === 'integer') return grouped;
      if (part.type === 'group') return '';
      if (part.type === 'fraction') return fraction ?? '';
      return part.value;
    })
    .join('');
  return minor < 0 ? `-${formatted}` : formatted;
}
