import type { Entitlement, PaymentRecord } from '@mlebotics/shared';
import { CodedError } from '../lib/errors.js';
import { paymentEntry, refundEntry, type LedgerEntry } from './ledger.js';
import type {
  PaymentEvent,
  PaymentSucceededEvent,
  PurchaseRefs,
  RefundCreatedEvent,
  SubscriptionEndedEvent,
  SubscriptionPaidEvent,
  SubscriptionStatus,
  SubscriptionUpdatedEvent,
} from './provider.js';

/**
 * The entitlement of one organization to one paid plugin (`orgs/{orgId}/entitlements/{pluginId}`)
 * as a pure reducer over normalized payment events. The caller reads the document, applies the
 * event and writes `next` and the ledger entries in one transaction.
 *
 * Delivery is at-least-once and unordered, so:
 * - an event whose id was already applied is a no-op;
 * - subscription state (status, scheduled cancellation) only moves forward in provider time:
 *   an event created before the state already applied is stale;
 * - paid periods only grow (`paidThrough` is the maximum period end ever paid);
 * - an ended subscription never reopens; a new subscription or purchase starts a new grant;
 * - refunds carry the cumulative refunded total, so late or repeated ones reverse nothing twice.
 *
 * Times are epoch milliseconds.
 */

/** How many applied event ids an entitlement remembers (older replays are caught by the rules above). */
export const APPLIED_EVENT_IDS_LIMIT = 50;
/** How many payments an entitlement remembers for refunds (two years of monthly invoices). */
export const PAYMENT_RECORDS_LIMIT = 24;
/**
 * How long a renewing subscription stays usable past its paid period while the renewal payment
 * is on its way (Stripe finalizes renewal invoices about an hour after the period ends and
 * retries webhook deliveries for up to three days).
 */
export const RENEWAL_GRACE_MS = 3 * 24 * 60 * 60 * 1000;

/**
 * A payment the entitlement remembers (so that its refunds can be reversed in the ledger), and
 * the entitlement itself: the shapes of `orgs/{orgId}/entitlements/{pluginId}` (see
 * `entitlementSchema` in shared, which documents each field).
 */
export type { Entitlement, PaymentRecord };

export type ApplyOutcome =
  /** The event changed the entitlement and/or produced ledger entries. */
  | 'applied'
  /** Already applied (same event id, or the same payment or refund total seen before). */
  | 'duplicate'
  /** Older than the state already applied, or about a superseded subscription. */
  | 'stale'
  /**
   * A refund of a payment this entitlement does not know (yet): answer the webhook with an error
   * so the provider delivers it again after the payment.
   */
  | 'unmatched'
  /** The provider event is not one the marketplace acts on. */
  | 'ignored';

export interface ApplyResult {
  next: Entitlement | undefined;
  /** Whether `next` must be written (false: `next` is `current`). */
  changed: boolean;
  /** Entries to write (by id, with set(): idempotent). */
  ledger: LedgerEntry[];
  outcome: ApplyOutcome;
  /** For the logs. */
  reason: string;
}

export type EntitlementErrorCode = 'wrong-entitlement';

export class EntitlementError extends CodedError<EntitlementErrorCode> {}

const TERMINAL_STATUSES: ReadonlySet<SubscriptionStatus> = new Set(['canceled', 'incomplete_expired']);
const RENEWING_STATUSES: ReadonlySet<SubscriptionStatus> = new Set(['active', 'trialing']);

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function unchanged(current: Entitlement | undefined, outcome: ApplyOutcome, reason: string): ApplyResult {
  return { next: current, changed: false, ledger: [], outcome, reason };
}

/** Firestore refuses `undefined` field values: drop them. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function commit(
  draft: Entitlement,
  event: Exclude<PaymentEvent, { type: 'ignored' }>,
  now: number,
  ledger: LedgerEntry[],
  reason: string,
): ApplyResult {
  const next = compact({
    ...draft,
    endsAt: knownEnd(draft),
    lastEventId: event.id,
    lastEventCreated: Math.max(draft.lastEventCreated, event.created),
    appliedEventIds: [...draft.appliedEventIds.filter((id) => id !== event.id), event.id].slice(
      -APPLIED_EVENT_IDS_LIMIT,
    ),
    payments: draft.payments.slice(-PAYMENT_RECORDS_LIMIT),
    updatedAt: now,
  });
  return { next, changed: true, ledger, outcome: 'applied', reason };
}

function checkBelongs(current: Entitlement | undefined, refs: PurchaseRefs | undefined, eventId: string): void {
  if (!current || !refs) return;
  if (current.orgId !== refs.orgId || current.pluginId !== refs.pluginId) {
    throw new EntitlementError(
      'wrong-entitlement',
      `Event ${eventId} is about ${refs.orgId}/${refs.pluginId}, not the entitlement ${current.orgId}/${current.pluginId}.`,
    );
  }
}

/** Records a payment (once per provider payment id) and makes its ledger entry. */
function recordPayment(
  payments: PaymentRecord[],
  event: PaymentSucceededEvent | SubscriptionPaidEvent,
  kind: PaymentRecord['kind'],
): { payments: PaymentRecord[]; ledger: LedgerEntry[]; isNew: boolean } {
  if (payments.some((p) => p.providerRef === event.providerRef)) return { payments, ledger: [], isNew: false };
  const entry = paymentEntry({
    provider: event.provider,
    providerRef: event.providerRef,
    orgId: event.orgId,
    pluginId: event.pluginId,
    publisherId: event.publisherId,
    currency: event.currency,
    amountMinor: event.amountMinor,
    occurredAt: event.created,
    testMode: event.testMode,
  });
  // A free (trial) invoice moves no money: nothing to record or refund.
  if (entry.amountMinor === 0) return { payments, ledger: [], isNew: true };
  const record: PaymentRecord = {
    providerRef: entry.providerRef,
    kind,
    provider: event.provider,
    testMode: event.testMode,
    publisherId: entry.publisherId,
    currency: entry.currency,
    amountMinor: entry.amountMinor,
    developerMinor: entry.developerMinor,
    marketplaceMinor: entry.marketplaceMinor,
    refundedMinor: 0,
    occurredAt: entry.occurredAt,
  };
  return { payments: [...payments, record], ledger: [entry], isNew: true };
}

/** The fields every new grant starts from; history (payments, applied ids) is carried over. */
function freshGrant(
  current: Entitlement | undefined,
  event: Exclude<PaymentEvent, { type: 'ignored' | 'refund.created' }>,
  model: Entitlement['model'],
  providerRef: string,
  payments: PaymentRecord[],
): Entitlement {
  return {
    orgId: event.orgId,
    pluginId: event.pluginId,
    publisherId: event.publisherId,
    model,
    status: 'active',
    since: event.created,
    provider: event.provider,
    providerRef,
    testMode: event.testMode,
    lastEventId: event.id,
    lastEventCreated: current?.lastEventCreated ?? event.created,
    stateEventCreated: event.created,
    appliedEventIds: current?.appliedEventIds ?? [],
    payments,
    updatedAt: current?.updatedAt ?? event.created,
  };
}

/**
 * Whether a subscription event starts a new grant rather than updating the current one. Never
 * for the subscription already followed (an ended subscription does not reopen). Otherwise: when
 * there is no entitlement; when the current grant is over (refunded purchase, ended
 * subscription), for a paid invoice or for state not older than the current state; and for a
 * paid invoice while another subscription is followed but no longer usable.
 */
function startsNewSubscription(
  current: Entitlement | undefined,
  event: SubscriptionPaidEvent | SubscriptionUpdatedEvent | SubscriptionEndedEvent,
): boolean {
  if (!current) return true;
  if (current.model === 'subscription' && current.providerRef === event.subscriptionId) return false;
  const paid = event.type === 'subscription.started' || event.type === 'subscription.renewed';
  if (current.status === 'ended') return paid || !isStale(current, event);
  return paid && current.model === 'subscription' && !isEntitlementActive(current, event.created).active;
}

function onPayment(current: Entitlement | undefined, event: PaymentSucceededEvent, now: number): ApplyResult {
  const { payments, ledger, isNew } = recordPayment(current?.payments ?? [], event, 'one-time');
  if (!isNew) return unchanged(current, 'duplicate', `Payment ${event.providerRef} is already recorded.`);
  if (current && current.model === 'one-time' && current.status === 'active') {
    return commit(
      { ...current, payments },
      event,
      now,
      ledger,
      `The plugin was already bought (${current.providerRef}); payment ${event.providerRef} is recorded in the ledger.`,
    );
  }
  // A one-time purchase never expires: it supersedes a subscription, which renews no longer matters.
  const draft = freshGrant(current, event, 'one-time', event.providerRef, payments);
  return commit(draft, event, now, ledger, `Bought with payment ${event.providerRef}.`);
}

function subscriptionGrant(
  current: Entitlement | undefined,
  event: SubscriptionPaidEvent | SubscriptionUpdatedEvent | SubscriptionEndedEvent,
  payments: PaymentRecord[],
): Entitlement {
  return { ...freshGrant(current, event, 'subscription', event.subscriptionId, payments), cancelAtPeriodEnd: false };
}

function onInvoicePaid(current: Entitlement | undefined, event: SubscriptionPaidEvent, now: number): ApplyResult {
  const { payments, ledger, isNew } = recordPayment(current?.payments ?? [], event, 'subscription');
  const paidRange = `${day(event.periodStart)} to ${day(event.periodEnd)}`;
  if (startsNewSubscription(current, event)) {
    const draft: Entitlement = {
      ...subscriptionGrant(current, event, payments),
      subscriptionStatus: 'active',
      paidThrough: event.periodEnd,
      currentPeriodEnd: event.periodEnd,
    };
    return commit(draft, event, now, ledger, `Subscription ${event.subscriptionId} paid for ${paidRange}.`);
  }
  const ent = current!;
  if (ent.model === 'one-time' || ent.providerRef !== event.subscriptionId) {
    if (!isNew) return unchanged(current, 'duplicate', `Payment ${event.providerRef} is already recorded.`);
    return commit(
      { ...ent, payments },
      event,
      now,
      ledger,
      `Payment ${event.providerRef} of subscription ${event.subscriptionId} is recorded; the entitlement follows ${ent.providerRef}.`,
    );
  }
  const draft: Entitlement = {
    ...ent,
    payments,
    since: Math.min(ent.since, event.created),
    paidThrough: Math.max(ent.paidThrough ?? event.periodEnd, event.periodEnd),
    currentPeriodEnd: Math.max(ent.currentPeriodEnd ?? event.periodEnd, event.periodEnd),
  };
  // A paid invoice shows the subscription active at that time, unless newer state is known.
  if (ent.status === 'active' && event.created >= ent.stateEventCreated) {
    draft.subscriptionStatus = 'active';
    draft.stateEventCreated = event.created;
  }
  const same =
    !isNew &&
    draft.paidThrough === ent.paidThrough &&
    draft.currentPeriodEnd === ent.currentPeriodEnd &&
    draft.subscriptionStatus === ent.subscriptionStatus;
  if (same) return unchanged(current, 'duplicate', `Payment ${event.providerRef} is already recorded.`);
  return commit(draft, event, now, ledger, `Subscription ${event.subscriptionId} paid for ${paidRange}.`);
}

function onSubscriptionUpdated(
  current: Entitlement | undefined,
  event: SubscriptionUpdatedEvent,
  now: number,
): ApplyResult {
  const state = {
    subscriptionStatus: event.status,
    cancelAtPeriodEnd: event.cancelAtPeriodEnd,
    cancelAt: event.cancelAt,
    stateEventCreated: event.created,
    ...(TERMINAL_STATUSES.has(event.status)
      ? { status: 'ended' as const, endedReason: 'canceled' as const, endedAt: event.created }
      : {}),
  };
  const reason = `Subscription ${event.subscriptionId} is ${event.status}${event.cancelAtPeriodEnd ? ', cancelled at period end' : ''}.`;
  if (startsNewSubscription(current, event)) {
    // State that arrives before the first payment is kept, so the payment does not lose it.
    const draft: Entitlement = {
      ...subscriptionGrant(current, event, current?.payments ?? []),
      currentPeriodEnd: event.currentPeriodEnd,
      ...state,
    };
    return commit(draft, event, now, [], reason);
  }
  const ent = current!;
  if (ent.model === 'one-time') return unchanged(current, 'stale', oneTimeStale(ent, event));
  if (ent.providerRef !== event.subscriptionId) {
    return unchanged(current, 'stale', `The entitlement follows subscription ${ent.providerRef}.`);
  }
  if (ent.status === 'ended') return unchanged(current, 'stale', `Subscription ${ent.providerRef} already ended.`);
  if (isStale(ent, event)) {
    return unchanged(current, 'stale', `Event ${event.id} is older than the subscription state already applied.`);
  }
  const draft: Entitlement = {
    ...ent,
    ...state,
    currentPeriodEnd: maxDefined(ent.currentPeriodEnd, event.currentPeriodEnd),
  };
  return commit(draft, event, now, [], reason);
}

const oneTimeStale = (ent: Entitlement, event: { id: string }): string =>
  ent.status === 'active'
    ? `A one-time purchase takes precedence over event ${event.id}.`
    : `Event ${event.id} is older than the refund of the purchase.`;

const isStale = (ent: Entitlement | undefined, event: { created: number }): boolean =>
  ent !== undefined && event.created < ent.stateEventCreated;

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

function onSubscriptionEnded(
  current: Entitlement | undefined,
  event: SubscriptionEndedEvent,
  now: number,
): ApplyResult {
  const ended = {
    status: 'ended' as const,
    endedReason: 'canceled' as const,
    endedAt: event.endedAt,
    subscriptionStatus: 'canceled' as const,
  };
  const reason = `Subscription ${event.subscriptionId} ended on ${day(event.endedAt)}.`;
  if (startsNewSubscription(current, event)) {
    // Recorded even before any payment, so that a late payment event cannot reopen it.
    const draft: Entitlement = { ...subscriptionGrant(current, event, current?.payments ?? []), ...ended };
    return commit(draft, event, now, [], reason);
  }
  const ent = current!;
  if (ent.model === 'one-time') return unchanged(current, 'stale', oneTimeStale(ent, event));
  if (ent.providerRef !== event.subscriptionId) {
    return unchanged(current, 'stale', `The entitlement follows subscription ${ent.providerRef}.`);
  }
  if (ent.status === 'ended' && ent.subscriptionStatus === 'canceled' && ent.endedAt !== undefined) {
    return unchanged(current, 'duplicate', `Subscription ${ent.providerRef} already ended.`);
  }
  // The end is final whatever the order of delivery: it is not subject to the staleness rule.
  const draft: Entitlement = {
    ...ent,
    ...ended,
    endedAt: ent.endedAt !== undefined ? Math.min(ent.endedAt, event.endedAt) : event.endedAt,
    stateEventCreated: Math.max(ent.stateEventCreated, event.created),
  };
  return commit(draft, event, now, [], reason);
}

function onRefund(current: Entitlement | undefined, event: RefundCreatedEvent, now: number): ApplyResult {
  const index = current?.payments.findIndex((p) => p.providerRef === event.paymentRef) ?? -1;
  if (!current || index < 0) {
    return unchanged(current, 'unmatched', `No recorded payment ${event.paymentRef} for refund ${event.providerRef}.`);
  }
  const record = current.payments[index]!;
  if (event.refundedTotalMinor <= record.refundedMinor) {
    return unchanged(
      current,
      'duplicate',
      `Refunds of ${event.refundedTotalMinor} on ${record.providerRef} are already reversed.`,
    );
  }
  const entry = refundEntry(
    {
      provider: record.provider,
      providerRef: record.providerRef,
      orgId: current.orgId,
      pluginId: current.pluginId,
      publisherId: record.publisherId,
      currency: record.currency,
      amountMinor: record.amountMinor,
      developerMinor: record.developerMinor,
      marketplaceMinor: record.marketplaceMinor,
      testMode: record.testMode,
    },
    record.refundedMinor,
    { refundedTotalMinor: event.refundedTotalMinor, occurredAt: event.created, currency: event.currency },
  );
  const payments = current.payments.map((p, i) =>
    i === index ? { ...p, refundedMinor: event.refundedTotalMinor } : p,
  );
  const draft: Entitlement = { ...current, payments };
  const full = event.refundedTotalMinor === record.amountMinor;
  let reason = `Refunded ${event.refundedTotalMinor} of ${record.amountMinor} on ${record.providerRef}.`;
  if (
    full &&
    current.model === 'one-time' &&
    current.status === 'active' &&
    current.providerRef === record.providerRef
  ) {
    const other = payments.find((p) => p.kind === 'one-time' && p.refundedMinor < p.amountMinor);
    if (other) {
      draft.providerRef = other.providerRef;
      reason += ` The purchase is still held through payment ${other.providerRef}.`;
    } else {
      Object.assign(draft, { status: 'ended', endedReason: 'refunded', endedAt: event.created });
      reason += ' The purchase is refunded in full: the entitlement ends.';
    }
  }
  return commit(draft, event, now, entry ? [entry] : [], reason);
}

/**
 * Applies one normalized payment event to the entitlement (undefined: no document yet).
 * Pure: `now` is only stamped as `updatedAt`.
 */
export function applyEvent(current: Entitlement | undefined, event: PaymentEvent, now: number): ApplyResult {
  if (event.type === 'ignored') return unchanged(current, 'ignored', event.reason);
  if (current?.appliedEventIds.includes(event.id)) {
    return unchanged(current, 'duplicate', `Event ${event.id} was already applied.`);
  }
  checkBelongs(current, event.type === 'refund.created' ? event.refs : event, event.id);
  switch (event.type) {
    case 'payment.succeeded':
      return onPayment(current, event, now);
    case 'subscription.started':
    case 'subscription.renewed':
      return onInvoicePaid(current, event, now);
    case 'subscription.updated':
      return onSubscriptionUpdated(current, event, now);
    case 'subscription.ended':
      return onSubscriptionEnded(current, event, now);
    case 'refund.created':
      return onRefund(current, event, now);
  }
}

/**
 * When access ends: `null` for a one-time purchase that is held (never ends), otherwise epoch
 * milliseconds (possibly in the past; `-Infinity` for a subscription never paid).
 *
 * Subscriptions: a renewing one (active or trialing, not cancelled) runs to its paid period end
 * plus {@link RENEWAL_GRACE_MS}; a past-due one keeps access while the provider retries the
 * payment, until the end of its current billing period; a cancelled or ended one runs to the
 * end of the period paid for; a scheduled cancellation time cuts all of these short.
 */
export function accessEndsAt(ent: Entitlement): number | null {
  if (ent.model === 'one-time') return ent.status === 'active' ? null : (ent.endedAt ?? ent.since);
  if (ent.paidThrough === undefined) return -Infinity;
  const paid = ent.paidThrough;
  const status = ent.subscriptionStatus ?? 'active';
  let end = paid;
  if (ent.status === 'active' && status === 'past_due') end = Math.max(paid, ent.currentPeriodEnd ?? paid);
  else if (ent.status === 'active' && !ent.cancelAtPeriodEnd && RENEWING_STATUSES.has(status)) {
    end = paid + RENEWAL_GRACE_MS;
  }
  if (ent.cancelAt !== undefined) end = Math.min(end, ent.cancelAt);
  return end;
}

/** The `endsAt` shown on the document: set once the end is known rather than a renewal pending. */
function knownEnd(ent: Entitlement): number | undefined {
  const end = accessEndsAt(ent);
  if (end === null || end === -Infinity) return ent.model === 'one-time' ? undefined : ent.endedAt;
  const renewing =
    ent.model === 'subscription' &&
    ent.status === 'active' &&
    !ent.cancelAtPeriodEnd &&
    ent.cancelAt === undefined &&
    RENEWING_STATUSES.has(ent.subscriptionStatus ?? 'active');
  return renewing ? undefined : end;
}

export interface EntitlementStatusCheck {
  active: boolean;
  /** One sentence for the member: why it is (not) usable and what to do. */
  reason: string;
  /** When access ends, if it does (epoch milliseconds). */
  until?: number;
}

/** Whether the organization may install and run the plugin at `now`. */
export function isEntitlementActive(ent: Entitlement | undefined, now: number): EntitlementStatusCheck {
  if (!ent) return { active: false, reason: 'No purchase of this plugin for this organization.' };
  const end = accessEndsAt(ent);
  if (ent.model === 'one-time') {
    if (end === null)
      return { active: true, reason: `Bought on ${day(ent.since)}; a one-time purchase does not expire.` };
    return {
      active: false,
      reason: `The purchase was refunded on ${day(ent.endedAt ?? ent.since)}; buy the plugin again to install it.`,
    };
  }
  if (end === null || end === -Infinity) {
    return ent.status === 'ended'
      ? {
          active: false,
          reason: `The subscription ended on ${day(ent.endedAt ?? ent.since)} before any payment; subscribe to install.`,
        }
      : { active: false, reason: 'The subscription has no paid period yet; complete the payment to install.' };
  }
  const status = ent.subscriptionStatus ?? 'active';
  const stopping = ent.status === 'ended' || ent.cancelAtPeriodEnd === true || ent.cancelAt !== undefined;
  if (now < end) {
    if (status === 'past_due') {
      return {
        active: true,
        until: end,
        reason: `The subscription payment is past due; access continues until ${day(end)} unless the payment succeeds.`,
      };
    }
    if (stopping)
      return { active: true, until: end, reason: `The subscription is cancelled; access continues until ${day(end)}.` };
    return {
      active: true,
      until: end,
      reason: `The subscription is active and paid through ${day(ent.paidThrough!)}.`,
    };
  }
  if (stopping)
    return { active: false, until: end, reason: `The subscription ended on ${day(end)}; renew it to install.` };
  if (status === 'past_due' || status === 'unpaid') {
    return {
      active: false,
      until: end,
      reason: `The subscription payment is overdue and access ended on ${day(end)}; update the payment method to install.`,
    };
  }
  return {
    active: false,
    until: end,
    reason: `The subscription's paid period ended on ${day(ent.paidThrough!)} and no renewal payment arrived; renew it to install.`,
  };
}
