import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  APPLIED_EVENT_IDS_LIMIT,
  applyEvent,
  EntitlementError,
  isEntitlementActive,
  RENEWAL_GRACE_MS,
  type ApplyResult,
  type Entitlement,
} from './entitlements.js';
import type { LedgerEntry } from './ledger.js';
import type {
  PaymentEvent,
  PaymentSucceededEvent,
  RefundCreatedEvent,
  SubscriptionEndedEvent,
  SubscriptionPaidEvent,
  SubscriptionStatus,
  SubscriptionUpdatedEvent,
} from './provider.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOV_1 = Date.UTC(2026, 10, 1);
const DEC_1 = Date.UTC(2026, 11, 1);
const JAN_1 = Date.UTC(2027, 0, 1);
const FEB_1 = Date.UTC(2027, 1, 1);
const REFS = { orgId: 'org-a', pluginId: 'acme.weather', publisherId: 'acme' };

const base = (id: string, created: number) => ({ id, provider: 'stripe' as const, created, testMode: false, ...REFS });

function purchase(id: string, created: number, providerRef = 'pi_1', amountMinor = 1999): PaymentSucceededEvent {
  return {
    ...base(id, created),
    type: 'payment.succeeded',
    checkoutId: `cs_${providerRef}`,
    providerRef,
    amountMinor,
    currency: 'usd',
  };
}

function invoicePaid(
  id: string,
  created: number,
  period: [number, number],
  providerRef: string,
  options: { first?: boolean; subscriptionId?: string; amountMinor?: number } = {},
): SubscriptionPaidEvent {
  return {
    ...base(id, created),
    type: options.first ? 'subscription.started' : 'subscription.renewed',
    subscriptionId: options.subscriptionId ?? 'sub_1',
    providerRef,
    amountMinor: options.amountMinor ?? 999,
    currency: 'usd',
    periodStart: period[0],
    periodEnd: period[1],
  };
}

function updated(
  id: string,
  created: number,
  state: { status?: SubscriptionStatus; cancelAtPeriodEnd?: boolean; currentPeriodEnd?: number; cancelAt?: number },
  subscriptionId = 'sub_1',
): SubscriptionUpdatedEvent {
  return {
    ...base(id, created),
    type: 'subscription.updated',
    subscriptionId,
    status: state.status ?? 'active',
    cancelAtPeriodEnd: state.cancelAtPeriodEnd ?? false,
    ...(state.currentPeriodEnd !== undefined ? { currentPeriodEnd: state.currentPeriodEnd } : {}),
    ...(state.cancelAt !== undefined ? { cancelAt: state.cancelAt } : {}),
  };
}

function ended(id: string, created: number, subscriptionId = 'sub_1'): SubscriptionEndedEvent {
  return { ...base(id, created), type: 'subscription.ended', subscriptionId, endedAt: created };
}

function refund(id: string, created: number, paymentRef: string, refundedTotalMinor: number): RefundCreatedEvent {
  return {
    id,
    provider: 'stripe',
    created,
    testMode: false,
    type: 'refund.created',
    providerRef: `ch_${paymentRef}`,
    paymentRef,
    refundedTotalMinor,
    paymentAmountMinor: 0,
    currency: 'usd',
  };
}

/** Applies events in order, as the webhook handler would, one transaction each. */
function run(events: PaymentEvent[], start?: Entitlement) {
  let ent = start;
  const ledger: LedgerEntry[] = [];
  const results: ApplyResult[] = [];
  for (const event of events) {
    const result = applyEvent(ent, event, event.created + 1000);
    results.push(result);
    ledger.push(...result.ledger);
    ent = result.next;
  }
  return { ent, ledger, results, last: results.at(-1)! };
}

const totals = (ledger: LedgerEntry[]) => ({
  amount: ledger.reduce((n, e) => n + e.amountMinor, 0),
  developer: ledger.reduce((n, e) => n + e.developerMinor, 0),
  marketplace: ledger.reduce((n, e) => n + e.marketplaceMinor, 0),
});

const hasUndefined = (value: object) => Object.values(value).some((v) => v === undefined);

describe('isEntitlementActive without an entitlement', () => {
  it('says nothing was bought', () => {
    expect(isEntitlementActive(undefined, NOV_1)).toEqual({
      active: false,
      reason: 'No purchase of this plugin for this organization.',
    });
  });
});

describe('one-time purchase', () => {
  it('grants access that never expires and records the payment in the ledger', () => {
    const { ent, ledger, last } = run([purchase('evt_pay', NOV_1)]);
    expect(last).toMatchObject({ changed: true, outcome: 'applied' });
    expect(ent).toMatchObject({
      ...REFS,
      model: 'one-time',
      status: 'active',
      since: NOV_1,
      providerRef: 'pi_1',
      lastEventId: 'evt_pay',
      appliedEventIds: ['evt_pay'],
    });
    expect(hasUndefined(ent!)).toBe(false);
    expect(ent!.endsAt).toBeUndefined();
    expect(ledger).toEqual([
      expect.objectContaining({
        id: 'stripe:payment:pi_1',
        amountMinor: 1999,
        developerMinor: 1600,
        marketplaceMinor: 399,
      }),
    ]);
    expect(isEntitlementActive(ent, Date.UTC(2099, 0, 1))).toEqual({
      active: true,
      reason: 'Bought on 2026-11-01; a one-time purchase does not expire.',
    });
  });

  it('ignores a replayed event and the same payment reported by another event', () => {
    const first = run([purchase('evt_pay', NOV_1)]);
    const replay = applyEvent(first.ent, purchase('evt_pay', NOV_1), NOV_1 + DAY);
    expect(replay).toEqual({
      next: first.ent,
      changed: false,
      ledger: [],
      outcome: 'duplicate',
      reason: 'Event evt_pay was already applied.',
    });
    const samePayment = applyEvent(first.ent, purchase('evt_async', NOV_1 + HOUR), NOV_1 + DAY);
    expect(samePayment).toMatchObject({ changed: false, ledger: [], outcome: 'duplicate' });
  });

  it('keeps partial refunds active, ends on the full refund and nets the ledger to zero', () => {
    const { ent, ledger, results } = run([
      purchase('evt_pay', NOV_1),
      refund('evt_r1', NOV_1 + DAY, 'pi_1', 500),
      refund('evt_r2', NOV_1 + 2 * DAY, 'pi_1', 1200),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied']);
    expect(isEntitlementActive(ent, NOV_1 + 3 * DAY).active).toBe(true);
    expect(totals(ledger)).toEqual({ amount: 799, developer: 1600 - 960, marketplace: 399 - 240 });

    const full = applyEvent(ent, refund('evt_r3', DEC_1, 'pi_1', 1999), DEC_1);
    expect(full.next).toMatchObject({ status: 'ended', endedReason: 'refunded', endedAt: DEC_1, endsAt: DEC_1 });
    expect(totals([...ledger, ...full.ledger])).toEqual({ amount: 0, developer: 0, marketplace: 0 });
    expect(isEntitlementActive(full.next, DEC_1 + 1)).toEqual({
      active: false,
      reason: 'The purchase was refunded on 2026-12-01; buy the plugin again to install it.',
    });
  });

  it('reverses nothing twice when refund notifications arrive late or out of order', () => {
    const { ent, ledger, results } = run([
      purchase('evt_pay', NOV_1),
      refund('evt_full', NOV_1 + 2 * DAY, 'pi_1', 1999),
      refund('evt_partial', NOV_1 + DAY, 'pi_1', 500),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'duplicate']);
    expect(ledger).toHaveLength(2);
    expect(totals(ledger).amount).toBe(0);
    expect(ent!.status).toBe('ended');
    // The same total reported by another notification is not a new refund.
    const again = applyEvent(ent, refund('evt_other', NOV_1 + 3 * DAY, 'pi_1', 1999), NOV_1 + 3 * DAY);
    expect(again).toMatchObject({ next: ent, changed: false, ledger: [], outcome: 'duplicate' });
  });

  it('leaves a refund of an unknown payment unmatched, so that it is delivered again', () => {
    const early = applyEvent(undefined, refund('evt_r', NOV_1 + DAY, 'pi_1', 1999), NOV_1 + DAY);
    expect(early).toMatchObject({ next: undefined, changed: false, ledger: [], outcome: 'unmatched' });
    const { ent, ledger } = run([purchase('evt_pay', NOV_1), refund('evt_r', NOV_1 + DAY, 'pi_1', 1999)]);
    expect(ent!.status).toBe('ended');
    expect(ledger).toHaveLength(2);
  });

  it('stays held through a second purchase when the first is refunded', () => {
    const { ent, ledger } = run([
      purchase('evt_pay1', NOV_1, 'pi_1'),
      purchase('evt_pay2', NOV_1 + HOUR, 'pi_2'),
      refund('evt_r', NOV_1 + DAY, 'pi_1', 1999),
    ]);
    expect(ent).toMatchObject({ status: 'active', providerRef: 'pi_2' });
    expect(ledger.map((e) => e.id)).toEqual(['stripe:payment:pi_1', 'stripe:payment:pi_2', 'stripe:refund:pi_1:1999']);
  });

  it('can be bought again after a refund, and supersedes a subscription', () => {
    const again = run([
      purchase('evt_pay1', NOV_1, 'pi_1'),
      refund('evt_r', NOV_1 + DAY, 'pi_1', 1999),
      purchase('evt_pay2', DEC_1, 'pi_2'),
    ]);
    expect(again.ent).toMatchObject({ status: 'active', providerRef: 'pi_2', since: DEC_1 });
    expect(again.ent!.endedAt).toBeUndefined();

    const upgrade = run([
      invoicePaid('evt_s', NOV_1, [NOV_1, DEC_1], 'in_1', { first: true }),
      purchase('evt_pay', NOV_1 + DAY),
    ]);
    expect(upgrade.ent).toMatchObject({ model: 'one-time', status: 'active', providerRef: 'pi_1' });
    expect(upgrade.ent!.paidThrough).toBeUndefined();
    expect(isEntitlementActive(upgrade.ent, FEB_1).active).toBe(true);
  });
});

describe('subscription lifecycle', () => {
  const started = invoicePaid('evt_start', NOV_1, [NOV_1, DEC_1], 'in_1', { first: true });
  const renewed = invoicePaid('evt_renew', DEC_1 + HOUR, [DEC_1, JAN_1], 'in_2');

  it('starts, renews, is cancelled at period end, stays usable until then and ends after', () => {
    const s1 = run([started]);
    expect(s1.ent).toMatchObject({
      model: 'subscription',
      status: 'active',
      providerRef: 'sub_1',
      paidThrough: DEC_1,
      currentPeriodEnd: DEC_1,
      subscriptionStatus: 'active',
      cancelAtPeriodEnd: false,
    });
    expect(s1.ent!.endsAt).toBeUndefined();
    expect(hasUndefined(s1.ent!)).toBe(false);
    expect(isEntitlementActive(s1.ent, NOV_1 + DAY)).toEqual({
      active: true,
      until: DEC_1 + RENEWAL_GRACE_MS,
      reason: 'The subscription is active and paid through 2026-12-01.',
    });
    expect(s1.ledger).toEqual([expect.objectContaining({ id: 'stripe:payment:in_1', period: '2026-11' })]);

    const s2 = run([renewed], s1.ent);
    expect(s2.ent).toMatchObject({ paidThrough: JAN_1, currentPeriodEnd: JAN_1 });
    expect(s2.ledger).toEqual([expect.objectContaining({ id: 'stripe:payment:in_2', period: '2026-12' })]);

    const s3 = run(
      [updated('evt_cancel', DEC_1 + 10 * DAY, { cancelAtPeriodEnd: true, currentPeriodEnd: JAN_1 })],
      s2.ent,
    );
    expect(s3.ent).toMatchObject({ status: 'active', cancelAtPeriodEnd: true, endsAt: JAN_1 });
    expect(isEntitlementActive(s3.ent, JAN_1 - 1)).toEqual({
      active: true,
      until: JAN_1,
      reason: 'The subscription is cancelled; access continues until 2027-01-01.',
    });
    expect(isEntitlementActive(s3.ent, JAN_1)).toEqual({
      active: false,
      until: JAN_1,
      reason: 'The subscription ended on 2027-01-01; renew it to install.',
    });

    const s4 = run([ended('evt_end', JAN_1)], s3.ent);
    expect(s4.ent).toMatchObject({ status: 'ended', endedReason: 'canceled', endedAt: JAN_1, endsAt: JAN_1 });
    expect(isEntitlementActive(s4.ent, JAN_1 - 1).active).toBe(true);
    expect(isEntitlementActive(s4.ent, JAN_1).reason).toBe(
      'The subscription ended on 2027-01-01; renew it to install.',
    );
  });

  it('can be un-cancelled by a newer update', () => {
    const { ent } = run([
      started,
      updated('evt_cancel', NOV_1 + DAY, { cancelAtPeriodEnd: true }),
      updated('evt_resume', NOV_1 + 2 * DAY, { cancelAtPeriodEnd: false }),
    ]);
    expect(ent).toMatchObject({ cancelAtPeriodEnd: false });
    expect(ent!.endsAt).toBeUndefined();
    expect(isEntitlementActive(ent, DEC_1 + DAY).active).toBe(true);
  });

  it('lapses after the grace period when no renewal payment arrives', () => {
    const { ent } = run([started]);
    expect(isEntitlementActive(ent, DEC_1 + RENEWAL_GRACE_MS - 1).active).toBe(true);
    expect(isEntitlementActive(ent, DEC_1 + RENEWAL_GRACE_MS)).toEqual({
      active: false,
      until: DEC_1 + RENEWAL_GRACE_MS,
      reason: "The subscription's paid period ended on 2026-12-01 and no renewal payment arrived; renew it to install.",
    });
  });

  it('keeps a past-due subscription usable until the current period end, and recovers when paid', () => {
    const pastDue = run([
      started,
      updated('evt_cycle', DEC_1, { currentPeriodEnd: JAN_1 }),
      updated('evt_past_due', DEC_1 + HOUR, { status: 'past_due', currentPeriodEnd: JAN_1 }),
    ]);
    expect(pastDue.ent).toMatchObject({ subscriptionStatus: 'past_due', paidThrough: DEC_1, currentPeriodEnd: JAN_1 });
    expect(pastDue.ent!.endsAt).toBe(JAN_1);
    expect(isEntitlementActive(pastDue.ent, DEC_1 + 20 * DAY)).toEqual({
      active: true,
      until: JAN_1,
      reason: 'The subscription payment is past due; access continues until 2027-01-01 unless the payment succeeds.',
    });
    expect(isEntitlementActive(pastDue.ent, JAN_1)).toEqual({
      active: false,
      until: JAN_1,
      reason:
        'The subscription payment is overdue and access ended on 2027-01-01; update the payment method to install.',
    });

    const recovered = run([invoicePaid('evt_retry_paid', DEC_1 + 5 * DAY, [DEC_1, JAN_1], 'in_2')], pastDue.ent);
    expect(recovered.ent).toMatchObject({ subscriptionStatus: 'active', paidThrough: JAN_1 });
    expect(isEntitlementActive(recovered.ent, JAN_1 + DAY).active).toBe(true);
  });

  it('ends a subscription deleted mid-period at the end of the period paid for', () => {
    const { ent } = run([started, ended('evt_end', NOV_1 + 14 * DAY)]);
    expect(ent).toMatchObject({ status: 'ended', endsAt: DEC_1, subscriptionStatus: 'canceled' });
    expect(isEntitlementActive(ent, DEC_1 - 1).active).toBe(true);
    expect(isEntitlementActive(ent, DEC_1)).toMatchObject({
      active: false,
      reason: expect.stringMatching(/ended on 2026-12-01/),
    });
  });

  it('ends at once a subscription deleted after failed payments', () => {
    const { ent } = run([
      started,
      updated('evt_past_due', DEC_1 + HOUR, { status: 'past_due', currentPeriodEnd: JAN_1 }),
      ended('evt_end', DEC_1 + 20 * DAY),
    ]);
    expect(isEntitlementActive(ent, DEC_1 + 20 * DAY)).toEqual({
      active: false,
      until: DEC_1,
      reason: 'The subscription ended on 2026-12-01; renew it to install.',
    });
  });

  it('honours a scheduled cancellation time', () => {
    const cancelAt = NOV_1 + 20 * DAY;
    const { ent } = run([started, updated('evt_cancel_at', NOV_1 + DAY, { cancelAt, currentPeriodEnd: DEC_1 })]);
    expect(ent!.endsAt).toBe(cancelAt);
    expect(isEntitlementActive(ent, cancelAt - 1).active).toBe(true);
    expect(isEntitlementActive(ent, cancelAt).active).toBe(false);
  });

  it('reverses a refunded invoice in the ledger without ending the subscription', () => {
    const { ent, ledger, last } = run([started, renewed, refund('evt_r', DEC_1 + DAY, 'in_2', 999)]);
    expect(last.outcome).toBe('applied');
    expect(ledger.map((e) => [e.id, e.amountMinor])).toEqual([
      ['stripe:payment:in_1', 999],
      ['stripe:payment:in_2', 999],
      ['stripe:refund:in_2:999', -999],
    ]);
    expect(ent).toMatchObject({ status: 'active', paidThrough: JAN_1 });
  });

  it('starts a new grant for a new subscription after the old one ended, and ignores the old one', () => {
    const { ent, results } = run([
      started,
      ended('evt_end', NOV_1 + DAY),
      invoicePaid('evt_s2', DEC_1, [DEC_1, JAN_1], 'in_9', { first: true, subscriptionId: 'sub_2' }),
      updated('evt_old', DEC_1 + HOUR, { status: 'canceled' }),
    ]);
    expect(ent).toMatchObject({ providerRef: 'sub_2', status: 'active', since: DEC_1, paidThrough: JAN_1 });
    expect(ent!.endedAt).toBeUndefined();
    expect(results.at(-1)).toMatchObject({ outcome: 'stale', changed: false });
  });

  it('does not start a grant from state of another subscription older than the end', () => {
    const { ent, last } = run([
      started,
      ended('evt_end', NOV_1 + 10 * DAY),
      updated('evt_s2_old', NOV_1 + 5 * DAY, { status: 'incomplete' }, 'sub_2'),
    ]);
    expect(last).toMatchObject({ outcome: 'stale', changed: false });
    expect(ent).toMatchObject({ providerRef: 'sub_1', status: 'ended' });
  });

  it('records, without switching, the payment of a second subscription while the first is usable', () => {
    const { ent, ledger } = run([
      started,
      invoicePaid('evt_s2', NOV_1 + DAY, [NOV_1 + DAY, DEC_1 + DAY], 'in_9', { first: true, subscriptionId: 'sub_2' }),
    ]);
    expect(ent).toMatchObject({ providerRef: 'sub_1', paidThrough: DEC_1 });
    expect(ledger.map((e) => e.id)).toEqual(['stripe:payment:in_1', 'stripe:payment:in_9']);
  });
});

describe('out-of-order and replayed subscription events', () => {
  const started = invoicePaid('evt_start', NOV_1, [NOV_1, DEC_1], 'in_1', { first: true });

  it('does not let an older update undo a newer one', () => {
    const { ent, last } = run([
      started,
      updated('evt_new', NOV_1 + 2 * DAY, { cancelAtPeriodEnd: true }),
      updated('evt_old', NOV_1 + DAY, { cancelAtPeriodEnd: false }),
    ]);
    expect(last).toMatchObject({ outcome: 'stale', changed: false });
    expect(ent).toMatchObject({ cancelAtPeriodEnd: true, lastEventId: 'evt_new' });
  });

  it('does not reopen an ended subscription', () => {
    const { ent, results } = run([
      started,
      ended('evt_end', NOV_1 + 10 * DAY),
      updated('evt_old_active', NOV_1 + 5 * DAY, { status: 'active' }),
      updated('evt_later', NOV_1 + 11 * DAY, { status: 'active' }),
    ]);
    expect(results.slice(2).map((r) => r.outcome)).toEqual(['stale', 'stale']);
    expect(ent).toMatchObject({ status: 'ended', subscriptionStatus: 'canceled' });
  });

  it('keeps an end delivered before the first payment', () => {
    const { ent } = run([ended('evt_end', NOV_1 + 10 * DAY), started]);
    expect(ent).toMatchObject({ status: 'ended', paidThrough: DEC_1, endsAt: DEC_1 });
    expect(isEntitlementActive(ent, DEC_1).active).toBe(false);
  });

  it('keeps a cancellation delivered before the first payment', () => {
    const early = run([updated('evt_cancel', NOV_1 + 60_000, { cancelAtPeriodEnd: true, currentPeriodEnd: DEC_1 })]);
    expect(isEntitlementActive(early.ent, NOV_1 + HOUR)).toEqual({
      active: false,
      reason: 'The subscription has no paid period yet; complete the payment to install.',
    });
    const { ent } = run([started], early.ent);
    expect(ent).toMatchObject({ cancelAtPeriodEnd: true, paidThrough: DEC_1, endsAt: DEC_1 });
  });

  it('never shortens the paid period when renewals arrive out of order', () => {
    const { ent } = run([
      started,
      invoicePaid('evt_jan', JAN_1 + HOUR, [JAN_1, FEB_1], 'in_3'),
      invoicePaid('evt_dec', DEC_1 + HOUR, [DEC_1, JAN_1], 'in_2'),
    ]);
    expect(ent).toMatchObject({ paidThrough: FEB_1, currentPeriodEnd: FEB_1 });
    expect(ent!.payments.map((p) => p.providerRef)).toEqual(['in_1', 'in_3', 'in_2']);
  });

  it('treats a replay as a no-op and bounds the remembered event ids', () => {
    let ent = run([started]).ent;
    let period = DEC_1;
    for (let i = 0; i < 60; i += 1) {
      const next = Date.UTC(2026, 11 + i + 1, 1);
      ent = applyEvent(ent, invoicePaid(`evt_r${i}`, period + HOUR, [period, next], `in_r${i}`), period + HOUR).next;
      period = next;
    }
    expect(ent!.appliedEventIds).toHaveLength(APPLIED_EVENT_IDS_LIMIT);
    expect(ent!.appliedEventIds.at(-1)).toBe('evt_r59');
    expect(ent!.payments).toHaveLength(24);
    const replay = applyEvent(ent, invoicePaid('evt_r59', 0, [0, 1], 'in_r59'), period);
    expect(replay).toMatchObject({ changed: false, outcome: 'duplicate', ledger: [] });
    expect(replay.next).toBe(ent);
  });

  it('refuses an event of another organization or plugin, and passes ignored events through', () => {
    const { ent } = run([started]);
    expect(() => applyEvent(ent, { ...purchase('evt_x', NOV_1), orgId: 'org-b' }, NOV_1)).toThrow(EntitlementError);
    expect(() =>
      applyEvent(ent, { ...refund('evt_y', NOV_1, 'in_1', 1), refs: { ...REFS, pluginId: 'x.y' } }, NOV_1),
    ).toThrow('Event evt_y is about org-a/x.y, not the entitlement org-a/acme.weather.');
    const ignored = applyEvent(
      ent,
      {
        id: 'evt_i',
        provider: 'stripe',
        created: NOV_1,
        testMode: false,
        type: 'ignored',
        providerType: 'customer.created',
        reason: 'not used',
      },
      NOV_1,
    );
    expect(ignored).toEqual({ next: ent, changed: false, ledger: [], outcome: 'ignored', reason: 'not used' });
  });
});

describe('property: delivery order and duplicates do not change the outcome', () => {
  /** A subscription's true history, in provider time, with distinct creation times. */
  const history = fc
    .record({
      renewals: fc.integer({ min: 0, max: 3 }),
      pastDueBefore: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
      ending: fc.constantFrom('none', 'cancel-at-period-end', 'cancel-then-end', 'deleted', 'dunning-fails'),
      refunds: fc.array(fc.record({ invoice: fc.nat(), total: fc.integer({ min: 1, max: 999 }) }), { maxLength: 3 }),
    })
    .map(({ renewals, pastDueBefore, ending, refunds }) => {
      const month = (i: number) => Date.UTC(2026, 10 + i, 1);
      const events: PaymentEvent[] = [
        invoicePaid('evt_start', month(0), [month(0), month(1)], 'in_0', { first: true }),
      ];
      for (let i = 1; i <= renewals; i += 1) {
        const pastDue = pastDueBefore[i - 1]!;
        if (pastDue)
          events.push(updated(`evt_pd${i}`, month(i) + HOUR, { status: 'past_due', currentPeriodEnd: month(i + 1) }));
        events.push(
          invoicePaid(`evt_paid${i}`, month(i) + (pastDue ? 2 * DAY : HOUR), [month(i), month(i + 1)], `in_${i}`),
        );
        if (pastDue)
          events.push(updated(`evt_ok${i}`, month(i) + 2 * DAY + 60_000, { currentPeriodEnd: month(i + 1) }));
      }
      const last = month(renewals + 1);
      if (ending === 'cancel-at-period-end' || ending === 'cancel-then-end') {
        events.push(updated('evt_cancel', last - 10 * DAY, { cancelAtPeriodEnd: true, currentPeriodEnd: last }));
      }
      if (ending === 'cancel-then-end') events.push(ended('evt_end', last));
      if (ending === 'deleted') events.push(ended('evt_end', last - 15 * DAY));
      if (ending === 'dunning-fails') {
        events.push(
          updated('evt_pd_final', last + HOUR, { status: 'past_due', currentPeriodEnd: month(renewals + 2) }),
        );
        events.push(ended('evt_end', last + 20 * DAY));
      }
      // Refund notifications carry cumulative totals; keep them increasing in time per invoice.
      const byInvoice = new Map<number, number>();
      refunds.forEach(({ invoice, total }, k) => {
        const index = invoice % (renewals + 1);
        const cumulative = Math.min(999, (byInvoice.get(index) ?? 0) + total);
        byInvoice.set(index, cumulative);
        events.push(refund(`evt_refund${k}`, month(index) + 3 * DAY + k * HOUR, `in_${index}`, cumulative));
      });
      events.sort((a, b) => a.created - b.created);
      const probes = [
        ...new Set(
          events
            .flatMap((e) => [e.created])
            .concat(
              Array.from({ length: renewals + 4 }, (_, i) => month(i)).flatMap((m) => [
                m - 1,
                m,
                m + RENEWAL_GRACE_MS - 1,
                m + RENEWAL_GRACE_MS,
              ]),
            ),
        ),
      ];
      return { events, probes };
    });

  /** Delivers in the given order; unmatched refunds are delivered again at the end, as a provider retries them. */
  function deliver(events: PaymentEvent[]) {
    let ent: Entitlement | undefined;
    const ledger: LedgerEntry[] = [];
    let pending = events;
    for (let round = 0; round < 3 && pending.length; round += 1) {
      const retry: PaymentEvent[] = [];
      for (const event of pending) {
        const result = applyEvent(ent, event, event.created);
        if (result.outcome === 'unmatched') retry.push(event);
        ledger.push(...result.ledger);
        ent = result.next;
      }
      pending = retry;
    }
    expect(pending).toEqual([]);
    return { ent, ledger };
  }

  const byPayment = (ledger: LedgerEntry[]) => {
    const sums = new Map<string, [number, number, number]>();
    for (const e of ledger) {
      const [a, d, m] = sums.get(e.providerRef) ?? [0, 0, 0];
      sums.set(e.providerRef, [a + e.amountMinor, d + e.developerMinor, m + e.marketplaceMinor]);
    }
    return Object.fromEntries([...sums].sort());
  };

  it('gives the same access decisions and the same ledger sums as in-order delivery', () => {
    fc.assert(
      fc.property(
        history.chain(({ events, probes }) =>
          fc.record({
            events: fc.constant(events),
            probes: fc.constant(probes),
            shuffled: fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
            duplicates: fc.array(fc.nat({ max: events.length - 1 }), { maxLength: 4 }),
          }),
        ),
        ({ events, probes, shuffled, duplicates }) => {
          const inOrder = deliver(events);
          const delivered = [...shuffled];
          duplicates.forEach((d, k) => delivered.splice((d * 7 + k) % (delivered.length + 1), 0, events[d]!));
          const outOfOrder = deliver(delivered);

          for (const at of probes) {
            expect(isEntitlementActive(outOfOrder.ent, at)).toEqual(isEntitlementActive(inOrder.ent, at));
          }
          expect(byPayment(outOfOrder.ledger)).toEqual(byPayment(inOrder.ledger));
          expect(new Set(outOfOrder.ledger.map((e) => e.id)).size).toBe(outOfOrder.ledger.length);
          expect(outOfOrder.ent!.paidThrough).toBe(inOrder.ent!.paidThrough);
          expect(outOfOrder.ent!.status).toBe(inOrder.ent!.status);
        },
      ),
      { numRuns: 500 },
    );
  });
});
