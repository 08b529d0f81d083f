import { CodedError } from '../lib/errors.js';
import type { EarningsRow as EarningsRowOut, LedgerEntryDoc } from '@mlebotics/shared';
import {
  assertMinorAmount,
  parseCurrency,
  splitPayment,
  toSafeNumber,
  type CurrencyCode,
  type Split,
} from './money.js';

/**
 * The revenue ledger: one immutable entry per payment and one per refund increment. Entries are
 * pure values; their ids are derived from the provider's payment id (and, for refunds, the
 * cumulative refunded amount), so writing the entry of a redelivered event again lands on the
 * same document instead of counting the money twice.
 */

export type LedgerKind = 'payment' | 'refund';

/** One entry, as stored in `ledger/{id}` (see `ledgerEntryDocSchema` in shared for each field). */
export type LedgerEntry = LedgerEntryDoc;

export type LedgerErrorCode = 'currency-mismatch' | 'refund-exceeds-payment' | 'invalid-entry';

export class LedgerError extends CodedError<LedgerErrorCode> {}

/** What the ledger needs to know about a successful payment. */
export interface PaymentFacts {
  provider: string;
  providerRef: string;
  orgId: string;
  pluginId: string;
  publisherId: string;
  currency: string;
  amountMinor: number;
  occurredAt: number;
  testMode: boolean;
}

/** The fields of a payment entry a refund is computed from. */
export type RefundablePayment = Pick<
  LedgerEntry,
  | 'provider'
  | 'providerRef'
  | 'orgId'
  | 'pluginId'
  | 'publisherId'
  | 'currency'
  | 'amountMinor'
  | 'developerMinor'
  | 'marketplaceMinor'
  | 'testMode'
>;

/** `YYYY-MM` (UTC) of an epoch-milliseconds time. */
export function periodOf(epochMs: number): string {
  if (!Number.isFinite(epochMs)) throw new LedgerError('invalid-entry', `Not a time: ${String(epochMs)}.`);
  return new Date(epochMs).toISOString().slice(0, 7);
}

// Firestore ids may not contain '/'; provider ids never do, but a malformed one must not escape
// into another collection path.
const idPart = (value: string): string => encodeURIComponent(value);

export function paymentEntryId(provider: string, providerRef: string): string {
  return `${idPart(provider)}:payment:${idPart(providerRef)}`;
}

export function refundEntryId(provider: string, paymentRef: string, refundedTotalMinor: number): string {
  return `${idPart(provider)}:refund:${idPart(paymentRef)}:${refundedTotalMinor}`;
}

function requireText(value: string, what: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new LedgerError('invalid-entry', `The ledger entry needs a ${what}.`);
  }
  return value;
}

/** The ledger entry of a successful payment, split 80/20 by {@link splitPayment}. */
export function paymentEntry(facts: PaymentFacts): LedgerEntry {
  const currency = parseCurrency(facts.currency);
  const amountMinor = assertMinorAmount(facts.amountMinor, `amount of payment ${facts.providerRef}`);
  const { developer, marketplace } = splitPayment(amountMinor, currency);
  return {
    id: paymentEntryId(requireText(facts.provider, 'provider'), requireText(facts.providerRef, 'payment id')),
    kind: 'payment',
    pluginId: requireText(facts.pluginId, 'plugin id'),
    publisherId: requireText(facts.publisherId, 'publisher id'),
    orgId: requireText(facts.orgId, 'organization id'),
    currency,
    amountMinor,
    developerMinor: developer,
    marketplaceMinor: marketplace,
    occurredAt: facts.occurredAt,
    period: periodOf(facts.occurredAt),
    provider: facts.provider,
    providerRef: facts.providerRef,
    testMode: facts.testMode,
  };
}

function checkShares(payment: Pick<LedgerEntry, 'amountMinor' | 'developerMinor' | 'marketplaceMinor'>): void {
  const amount = assertMinorAmount(payment.amountMinor, 'payment amount');
  const developer = assertMinorAmount(payment.developerMinor, "payment's developer share");
  const marketplace = assertMinorAmount(payment.marketplaceMinor, "payment's marketplace share");
  if (developer + marketplace !== amount) {
    throw new LedgerError(
      'invalid-entry',
      `The payment's shares (${developer} + ${marketplace}) do not add up to its amount (${amount}).`,
    );
  }
}

/**
 * How much of each share has been reversed once `refundedTotalMinor` of the payment has been
 * refunded in total (cumulative, over all refunds of that payment).
 *
 * Rounding rule: the developer's reversal is `floor(R × D / A)` (R refunded in total, D the
 * developer's share of the payment, A its amount), computed exactly in BigInt; the marketplace
 * reverses the remainder `R − floor(R × D / A)`, which equals `ceil(R × M / A)`. Both are
 * non-decreasing in R and reach exactly D and M when R = A, so refunds never reverse more than
 * a share held and a full refund nets every share to zero. A partial refund's rounding remainder
 * is borne by the marketplace, as with the payment split.
 */
export function refundedShares(
  payment: Pick<LedgerEntry, 'amountMinor' | 'developerMinor' | 'marketplaceMinor'>,
  refundedTotalMinor: number,
): Split {
  checkShares(payment);
  const refunded = assertMinorAmount(refundedTotalMinor, 'refunded amount');
  if (refunded > payment.amountMinor) {
    throw new LedgerError(
      'refund-exceeds-payment',
      `Refunds of ${refunded} exceed the payment of ${payment.amountMinor} they refer to.`,
    );
  }
  if (refunded === 0) return { developer: 0, marketplace: 0 };
  const developer = (BigInt(refunded) * BigInt(payment.developerMinor)) / BigInt(payment.amountMinor);
  return { developer: Number(developer), marketplace: refunded - Number(developer) };
}

/**
 * The ledger entry reversing the part of a payment refunded since the last refund entry, or
 * undefined when nothing new was refunded (a replayed or out-of-date refund notification).
 *
 * Refund notifications carry the cumulative refunded total: the entry reverses
 * `refundedShares(total) − refundedShares(previous total)`, so any sequence of partial refunds,
 * delivered in any order, reverses exactly `refundedShares(final total)`.
 */
export function refundEntry(
  payment: RefundablePayment,
  previouslyRefundedMinor: number,
  refund: { refundedTotalMinor: number; occurredAt: number; currency?: string },
): LedgerEntry | undefined {
  if (refund.currency !== undefined && parseCurrency(refund.currency) !== payment.currency) {
    throw new LedgerError(
      'currency-mismatch',
      `The refund is in ${refund.currency} but payment ${payment.providerRef} was in ${payment.currency}.`,
    );
  }
  const previous = refundedShares(payment, previouslyRefundedMinor);
  const total = refundedShares(payment, refund.refundedTotalMinor);
  if (refund.refundedTotalMinor <= previouslyRefundedMinor) return undefined;
  const developer = total.developer - previous.developer;
  const marketplace = total.marketplace - previous.marketplace;
  return {
    id: refundEntryId(payment.provider, payment.providerRef, refund.refundedTotalMinor),
    kind: 'refund',
    pluginId: payment.pluginId,
    publisherId: payment.publisherId,
    orgId: payment.orgId,
    currency: payment.currency,
    // 0 - x rather than -x: a zero share must be stored as 0, not -0.
    amountMinor: 0 - (developer + marketplace),
    developerMinor: 0 - developer,
    marketplaceMinor: 0 - marketplace,
    occurredAt: refund.occurredAt,
    period: periodOf(refund.occurredAt),
    provider: payment.provider,
    providerRef: payment.providerRef,
    testMode: payment.testMode,
    refundedTotalMinor: refund.refundedTotalMinor,
  };
}

/** Earnings of one plugin in one month and currency (test-mode money is kept apart). */
export interface EarningsRow extends Omit<EarningsRowOut, 'currency'> {
  publisherId: string;
  currency: CurrencyCode;
}

function checkEntry(entry: LedgerEntry): void {
  const sign = entry.kind === 'payment' ? 1 : entry.kind === 'refund' ? -1 : 0;
  const values = [entry.amountMinor, entry.developerMinor, entry.marketplaceMinor];
  const valid =
    sign !== 0 &&
    values.every((v) => Number.isSafeInteger(v) && v * sign >= 0) &&
    entry.developerMinor + entry.marketplaceMinor === entry.amountMinor;
  if (!valid) {
    throw new LedgerError(
      'invalid-entry',
      `Ledger entry ${entry.id} is inconsistent (kind ${String(entry.kind)}, amount ${entry.amountMinor}, shares ${entry.developerMinor} + ${entry.marketplaceMinor}).`,
    );
  }
}

type EarningsKey = Pick<EarningsRow, 'publisherId' | 'pluginId' | 'period' | 'currency' | 'testMode'>;
const AMOUNTS = [
  'grossMinor',
  'refundedMinor',
  'developerMinor',
  'marketplaceMinor',
  'paymentCount',
  'refundCount',
] as const;
type EarningsAmounts = Record<(typeof AMOUNTS)[number], number>;

/** What one ledger entry adds to its earnings row (publisher, plugin, month, currency, test mode). */
export interface EarningsContribution {
  /** The row's document id under `publishers/{publisherId}/earnings`. */
  id: string;
  key: EarningsKey;
  amounts: EarningsAmounts;
}

export function earningsContribution(entry: LedgerEntry): EarningsContribution {
  checkEntry(entry);
  const currency = parseCurrency(entry.currency);
  const payment = entry.kind === 'payment';
  return {
    id: [entry.pluginId, entry.period, currency, entry.testMode ? 'test' : 'live'].map(idPart).join(':'),
    key: {
      publisherId: entry.publisherId,
      pluginId: entry.pluginId,
      period: entry.period,
      currency,
      testMode: entry.testMode,
    },
    amounts: {
      grossMinor: payment ? entry.amountMinor : 0,
      refundedMinor: payment ? 0 : -entry.amountMinor,
      developerMinor: entry.developerMinor,
      marketplaceMinor: entry.marketplaceMinor,
      paymentCount: payment ? 1 : 0,
      refundCount: payment ? 0 : 1,
    },
  };
}

/**
 * Earnings rows from totals (summed contributions), sorted by period, then plugin, then
 * currency, test money last. Totals must fit in safe integers.
 */
export function earningsRows(totals: Iterable<{ key: EarningsKey; amounts: Record<keyof EarningsAmounts, bigint> }>) {
  return [...totals]
    .map(({ key, amounts: a }): EarningsRow => ({
      ...key,
      paymentCount: toSafeNumber(a.paymentCount, 'payment count'),
      refundCount: toSafeNumber(a.refundCount, 'refund count'),
      grossMinor: toSafeNumber(a.grossMinor, 'gross earnings'),
      refundedMinor: toSafeNumber(a.refundedMinor, 'refunded total'),
      netMinor: toSafeNumber(a.grossMinor - a.refundedMinor, 'net earnings'),
      developerMinor: toSafeNumber(a.developerMinor, 'developer earnings'),
      marketplaceMinor: toSafeNumber(a.marketplaceMinor, 'marketplace earnings'),
    }))
    .sort(
      (a, b) =>
        a.period.localeCompare(b.period) ||
        a.pluginId.localeCompare(b.pluginId) ||
        a.currency.localeCompare(b.currency) ||
        Number(a.testMode) - Number(b.testMode),
    );
}

/** Sums amounts exactly (BigInt): what `earningsRows` takes. */
export function bigAmounts(amounts: Partial<EarningsAmounts>): Record<keyof EarningsAmounts, bigint> {
  return Object.fromEntries(AMOUNTS.map((name) => [name, BigInt(amounts[name] ?? 0)])) as Record<
    keyof EarningsAmounts,
    bigint
  >;
}

/**
 * Totals per publisher, plugin, month (`period`), currency and test mode, straight from ledger
 * entries: the reference the maintained earnings rows (`publishers/{id}/earnings`) must equal.
 */
export function aggregateEarnings(entries: Iterable<LedgerEntry>): EarningsRow[] {
  const rows = new Map<string, { key: EarningsKey; amounts: Record<keyof EarningsAmounts, bigint> }>();
  for (const entry of entries) {
    const { id, key, amounts } = earningsContribution(entry);
    const rowKey = `${key.publisherId}/${id}`;
    const row = rows.get(rowKey) ?? { key, amounts: bigAmounts({}) };
    for (const name of AMOUNTS) row.amounts[name] += BigInt(amounts[name]);
    rows.set(rowKey, row);
  }
  return earningsRows(rows.values());
}
