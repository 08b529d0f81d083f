import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { CurrencyCode } from './money.js';
import {
  checkCheckoutRequest,
  CheckoutError,
  headerValue,
  WebhookPayloadError,
  WebhookSignatureError,
  type CheckoutRequest,
  type CheckoutSession,
  type PaymentEvent,
  type PaymentEventType,
  type PaymentProvider,
  type PaymentSucceededEvent,
  type PurchaseRefs,
  type RefundCreatedEvent,
  type SubscriptionEndedEvent,
  type SubscriptionPaidEvent,
  type SubscriptionStatus,
  type SubscriptionUpdatedEvent,
  type WebhookHeaders,
} from './provider.js';

export interface LocalProviderOptions {
  /**
   * Signs checkout ids and local webhook deliveries (at least 16 characters). Every function
   * instance of the emulator must use the same value, since a checkout opened by one instance
   * may be completed by another.
   */
  secret: string;
  /** Clock, epoch milliseconds (tests). */
  now?: () => number;
}

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` on local webhook deliveries. */
export const LOCAL_SIGNATURE_HEADER = 'x-local-payments-signature';
const TOLERANCE_SECONDS = 300;

/** What a local checkout id carries: the checkout itself, signed, so no storage is needed. */
interface LocalCheckout extends PurchaseRefs {
  model: 'one-time' | 'subscription';
  amountMinor: number;
  currency: CurrencyCode;
  createdAt: number;
  nonce: string;
}

const EVENT_TYPES: ReadonlySet<PaymentEventType> = new Set<PaymentEventType>([
  'payment.succeeded',
  'subscription.started',
  'subscription.renewed',
  'subscription.updated',
  'subscription.ended',
  'refund.created',
  'ignored',
]);

/** Same day of the month, `months` later, clamped to the month's last day (UTC). */
export function addMonthsUtc(epochMs: number, months: number): number {
  const date = new Date(epochMs);
  const targetMonth = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), targetMonth + 1, 0)).getUTCDate();
  const result = new Date(epochMs);
  result.setUTCDate(1);
  result.setUTCMonth(targetMonth);
  result.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return result.getTime();
}

const shortHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 24);

/**
 * The payment provider of the emulator: no payment network, no money. A checkout id is the
 * signed checkout itself; {@link LocalProvider.complete} pays it at once and returns the same
 * normalized event a real payment would produce (with ids derived from the checkout, so
 * completing twice yields the same event). The other helpers produce the later events of a
 * subscription's life for tests and demos. Never to be selected outside the emulator.
 */
export class LocalProvider implements PaymentProvider {
  readonly name = 'local';
  private readonly now: () => number;

  constructor(private readonly options: LocalProviderOptions) {
    if (typeof options.secret !== 'string' || options.secret.length < 16) {
      throw new Error('The local payment provider needs a secret of at least 16 characters.');
    }
    this.now = options.now ?? Date.now;
  }

  private mac(data: string): string {
    return createHmac('sha256', this.options.secret).update(data).digest('base64url');
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    const { amountMinor, currency } = checkCheckoutRequest(request);
    const checkout: LocalCheckout = {
      orgId: request.orgId,
      pluginId: request.pluginId,
      publisherId: request.publisherId,
      uid: request.uid,
      model: request.pricing.model,
      amountMinor,
      currency,
      createdAt: this.now(),
      nonce: request.idempotencyKey ?? randomUUID(),
    };
    const body = Buffer.from(JSON.stringify(checkout)).toString('base64url');
    const checkoutId = `lcs_${body}.${this.mac(body)}`;
    const url = request.successUrl.includes('{CHECKOUT_SESSION_ID}')
      ? request.successUrl.replace('{CHECKOUT_SESSION_ID}', encodeURIComponent(checkoutId))
      : request.successUrl;
    return { checkoutId, url, testMode: true };
  }

  private open(checkoutId: string): LocalCheckout {
    const match = /^lcs_([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(checkoutId);
    const expected = match ? Buffer.from(this.mac(match[1]!)) : undefined;
    const given = match ? Buffer.from(match[2]!) : undefined;
    if (!match || !expected || !given || expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new CheckoutError(
        'invalid-request',
        'Unknown local checkout id: it was not issued by this emulator (or the LocalProvider secret changed).',
      );
    }
    return JSON.parse(Buffer.from(match[1]!, 'base64url').toString('utf8')) as LocalCheckout;
  }

  /** Pays the checkout now: `payment.succeeded` for a purchase, `subscription.started` (one month) for a subscription. */
  complete(checkoutId: string, at: number = this.now()): PaymentSucceededEvent | SubscriptionPaidEvent {
    const checkout = this.open(checkoutId);
    const key = shortHash(checkoutId);
    const refs: PurchaseRefs = {
      orgId: checkout.orgId,
      pluginId: checkout.pluginId,
      publisherId: checkout.publisherId,
      ...(checkout.uid ? { uid: checkout.uid } : {}),
    };
    const base = { id: `local_evt_${key}`, provider: 'local' as const, created: at, testMode: true, ...refs };
    if (checkout.model === 'one-time') {
      return {
        ...base,
        type: 'payment.succeeded',
        checkoutId,
        providerRef: `local_pay_${key}`,
        amountMinor: checkout.amountMinor,
        currency: checkout.currency,
      };
    }
    return {
      ...base,
      type: 'subscription.started',
      subscriptionId: `local_sub_${key}`,
      providerRef: `local_inv_${key}_1`,
      amountMinor: checkout.amountMinor,
      currency: checkout.currency,
      periodStart: at,
      periodEnd: addMonthsUtc(at, 1),
    };
  }

  /** The next month's paid invoice of a subscription, paid when the previous period ends (or `at`). */
  renew(previous: SubscriptionPaidEvent, at: number = previous.periodEnd): SubscriptionPaidEvent {
    const sequence = Number(/_(\d+)$/.exec(previous.providerRef)?.[1] ?? '1') + 1;
    return {
      ...previous,
      type: 'subscription.renewed',
      id: `local_evt_${shortHash(`${previous.id}:renew`)}`,
      created: at,
      providerRef: `${previous.providerRef.replace(/_\d+$/, '')}_${sequence}`,
      periodStart: previous.periodEnd,
      periodEnd: addMonthsUtc(previous.periodEnd, 1),
    };
  }

  /** A change of the subscription's state (for example cancellation at period end, or past due). */
  update(
    subscription: SubscriptionPaidEvent,
    change: { status?: SubscriptionStatus; cancelAtPeriodEnd?: boolean },
    at: number = this.now(),
  ): SubscriptionUpdatedEvent {
    return {
      ...this.refsOf(subscription),
      id: `local_evt_${shortHash(`${subscription.subscriptionId}:update:${at}:${JSON.stringify(change)}`)}`,
      provider: 'local',
      created: at,
      testMode: true,
      type: 'subscription.updated',
      subscriptionId: subscription.subscriptionId,
      status: change.status ?? 'active',
      cancelAtPeriodEnd: change.cancelAtPeriodEnd ?? false,
      currentPeriodEnd: subscription.periodEnd,
    };
  }

  /** The subscription is over (deleted). */
  end(subscription: SubscriptionPaidEvent, at: number = this.now()): SubscriptionEndedEvent {
    return {
      ...this.refsOf(subscription),
      id: `local_evt_${shortHash(`${subscription.subscriptionId}:end`)}`,
      provider: 'local',
      created: at,
      testMode: true,
      type: 'subscription.ended',
      subscriptionId: subscription.subscriptionId,
      endedAt: at,
    };
  }

  async refundDuplicate(payment: PaymentSucceededEvent): Promise<RefundCreatedEvent> {
    return this.refund(payment, payment.amountMinor);
  }

  /** A refund bringing the total refunded on `payment` to `refundedTotalMinor`. */
  refund(
    payment: PaymentSucceededEvent | SubscriptionPaidEvent,
    refundedTotalMinor: number,
    at: number = this.now(),
  ): RefundCreatedEvent {
    return {
      id: `local_evt_${shortHash(`${payment.providerRef}:refund:${refundedTotalMinor}`)}`,
      provider: 'local',
      created: at,
      testMode: true,
      type: 'refund.created',
      providerRef: `local_re_${shortHash(`${payment.providerRef}:${refundedTotalMinor}`)}`,
      paymentRef: payment.providerRef,
      refundedTotalMinor,
      paymentAmountMinor: payment.amountMinor,
      currency: payment.currency,
      refs: this.refsOf(payment),
    };
  }

  private refsOf(event: PurchaseRefs): PurchaseRefs {
    return {
      orgId: event.orgId,
      pluginId: event.pluginId,
      publisherId: event.publisherId,
      ...(event.uid ? { uid: event.uid } : {}),
    };
  }

  /** A webhook delivery of `event` as the local webhook endpoint expects it (for scripts and tests). */
  signWebhook(event: PaymentEvent, at: number = this.now()): { body: string; headers: Record<string, string> } {
    const body = JSON.stringify(event);
    const t = Math.floor(at / 1000);
    const v1 = createHmac('sha256', this.options.secret).update(`${t}.${body}`).digest('hex');
    return { body, headers: { [LOCAL_SIGNATURE_HEADER]: `t=${t},v1=${v1}` } };
  }

  async parseWebhook(rawBody: Buffer | string, headers: WebhookHeaders): Promise<PaymentEvent> {
    const header = headerValue(headers, LOCAL_SIGNATURE_HEADER);
    if (!header) {
      throw new WebhookSignatureError('missing-signature', `The request has no ${LOCAL_SIGNATURE_HEADER} header.`);
    }
    const parts = Object.fromEntries(header.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
    const t = Number(parts.t);
    if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) {
      throw new WebhookSignatureError('malformed-signature', `The ${LOCAL_SIGNATURE_HEADER} header cannot be parsed.`);
    }
    const body = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
    const expected = Buffer.from(createHmac('sha256', this.options.secret).update(`${t}.${body}`).digest('hex'));
    if (!timingSafeEqual(expected, Buffer.from(parts.v1!))) {
      throw new WebhookSignatureError(
        'signature-mismatch',
        'Local webhook refused: the body does not match the signature.',
      );
    }
    if (Math.floor(this.now() / 1000) - t > TOLERANCE_SECONDS) {
      throw new WebhookSignatureError(
        'timestamp-outside-tolerance',
        `Local webhook refused: the signature is more than ${TOLERANCE_SECONDS} s old.`,
      );
    }
    let event: PaymentEvent;
    try {
      event = JSON.parse(body) as PaymentEvent;
    } catch (error) {
      throw new WebhookPayloadError('invalid-json', `The local webhook body is not JSON: ${(error as Error).message}`);
    }
    if (
      typeof event !== 'object' ||
      event === null ||
      !EVENT_TYPES.has(event.type) ||
      event.provider !== 'local' ||
      typeof event.id !== 'string' ||
      typeof event.created !== 'number'
    ) {
      throw new WebhookPayloadError(
        'malformed-event',
        'The local webhook body is not a normalized local payment event.',
      );
    }
    return event;
  }
}
