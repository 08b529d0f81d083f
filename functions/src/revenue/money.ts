/**
 * Money as integer minor units (cents, yen, fils) and the 80/20 revenue split. Every amount that
 * enters the revenue code is checked here: it must be a safe, non-negative integer number of the
 * currency's minor unit, so no floating-point value ever reaches the ledger.
 */

import { CodedError } from '../lib/errors.js';

import { CURRENCY_EXPONENTS, type CurrencyCode } from '@mlebotics/shared';

export { CURRENCY_EXPONENTS, type CurrencyCode };

/** The developer keeps 80% of every payment; the marketplace fee is the rest. */
export const DEVELOPER_SHARE_PERCENT = 80;
export const MARKETPLACE_FEE_PERCENT = 100 - DEVELOPER_SHARE_PERCENT;

export type MoneyErrorCode = 'unknown-currency' | 'not-an-integer' | 'negative-amount' | 'unsafe-amount';

/** An amount or currency the revenue code refuses to handle. */
export class MoneyError extends CodedError<MoneyErrorCode> {}

/** The revenue split of one payment, in the payment's minor units. */
export interface Split {
  developer: number;
  marketplace: number;
}

/**
 * The currency code in canonical (lowercase) form. Accepts any letter case (`USD`, `usd`);
 * throws `unknown-currency` for codes outside {@link CURRENCY_EXPONENTS}.
 */
export function parseCurrency(code: string): CurrencyCode {
  const lower = typeof code === 'string' ? code.trim().toLowerCase() : '';
  if (!Object.hasOwn(CURRENCY_EXPONENTS, lower)) {
    throw new MoneyError(
      'unknown-currency',
      `Currency ${JSON.stringify(code)} is not accepted; use one of: ${Object.keys(CURRENCY_EXPONENTS).join(', ')}.`,
    );
  }
  return lower as CurrencyCode;
}

export function isCurrency(code: string): code is CurrencyCode {
  return Object.hasOwn(CURRENCY_EXPONENTS, code);
}

/** Number of decimal digits of the currency's minor unit (ISO 4217 exponent). */
export function minorUnitExponent(currency: string): 0 | 2 | 3 {
  return CURRENCY_EXPONENTS[parseCurrency(currency)];
}

/**
 * Returns `amount` if it is a valid amount of minor units: a non-negative safe integer.
 * `what` names the value in the error message ("refund amount", "invoice in_123 amount_paid").
 */
export function assertMinorAmount(amount: unknown, what = 'amount'): number {
  if (typeof amount !== 'number' || !Number.isFinite(amount) || !Number.isInteger(amount)) {
    throw new MoneyError(
      'not-an-integer',
      `The ${what} must be a whole number of minor units (for example 1999 for 19.99 USD), got ${String(amount)}.`,
    );
  }
  if (amount < 0) {
    throw new MoneyError('negative-amount', `The ${what} must not be negative, got ${amount}.`);
  }
  if (!Number.isSafeInteger(amount)) {
    throw new MoneyError(
      'unsafe-amount',
      `The ${what} (${amount}) is larger than ${Number.MAX_SAFE_INTEGER}, the largest integer stored exactly.`,
    );
  }
  return amount;
}

/** Converts a BigInt result back to a number, refusing anything a double cannot hold exactly. */
export function toSafeNumber(value: bigint, what = 'amount'): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new MoneyError('unsafe-amount', `The ${what} (${value}) does not fit in a safe integer.`);
  }
  return Number(value);
}

/**
 * Splits a payment between the developer (80%) and the marketplace (20%).
 *
 * Rounding rule: the marketplace fee is `floor(amount × 20 / 100)`, computed exactly in BigInt;
 * the developer receives the remainder `amount − fee`. The shares are non-negative integers
 * that always sum to the payment exactly, and the developer's share is at least the exact 80%
 * and less than one minor unit above it: every rounding remainder goes to the developer.
 */
export function splitPayment(amountMinor: number, currency: string): Split {
  parseCurrency(currency);
  const amount = BigInt(assertMinorAmount(amountMinor, 'payment amount'));
  const marketplace = (amount * BigInt(MARKETPLACE_FEE_PERCENT)) / 100n;
  return { developer: Number(amount - marketplace), marketplace: Number(marketplace) };
}

/** `1999, 'usd'` → `"19.99 USD"`; `500, 'jpy'` → `"500 JPY"`; `1250, 'kwd'` → `"1.250 KWD"`. */
export function formatMinor(amountMinor: number, currency: string): string {
  const code = parseCurrency(currency);
  const exponent = CURRENCY_EXPONENTS[code];
  const negative = amountMinor < 0;
  const digits = String(assertMinorAmount(Math.abs(amountMinor))).padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction} ${code.toUpperCase()}`;
}
