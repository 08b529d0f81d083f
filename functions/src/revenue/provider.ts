import { CodedError } from '../lib/errors.js';
import { assertMinorAmount, MoneyError, parseCurrency, type CurrencyCode } from './money.js';

/**
 * The payment provider seen by the marketplace: it opens checkouts and turns the provider's
 * webhook notifications into a small set of normalized events. Stripe in production
 * (stripe.ts), a local provider without any payment network in the emulator (local.ts); the
 * choice is made in one place from configuration.
 */
export interface PaymentProvider {
  readonly name: ProviderName;
  /** Opens a hosted checkout for one plugin bought by one organization. */
  createCheckout(request: CheckoutRequest): Promise<CheckoutSession>;
  /**
   * Verifies a webhook delivery and normalizes it. Throws {@link WebhookSignatureError} when the
   * delivery is not authentic (answer 400: it will never verify) and {@link WebhookPayloadError}
   * when it is authentic but unusable; any other error is transient (answer 5xx so the provider
   * delivers it again).
   */
  parseWebhook(rawBody: Buffer | string, headers: WebhookHeaders): Promise<PaymentEvent>;
  /**
   * Refunds a payment in full because it paid for something the organization already holds (a
   * second one-time purchase). Idempotent per payment. Returns the refund event when the
   * provider reports it at once (local), or undefined when its webhook will (Stripe).
   */
  refundDuplicate(payment: PaymentSucceededEvent): Promise<RefundCreatedEvent | undefined>;
}

export type ProviderName = 'stripe' | 'local';

/** Request headers as Node/Express give them (lowercase names); looked up case-insensitively. */
export type WebhookHeaders = Record<string, string | string[] | undefined>;

export interface CheckoutPricing {
  model: 'one-time' | 'subscription';
  /** Price in the currency's minor units. */
  amountMinor: number;
  /** ISO 4217 code from CURRENCY_EXPONENTS (any letter case). */
  currency: string;
  /** Subscriptions bill monthly; the only interval offered. */
  interval?: 'month';
}

export interface CheckoutRequest {
  orgId: string;
  pluginId: string;
  publisherId: string;
  /** The member who buys, for the audit trail. */
  uid: string;
  pricing: CheckoutPricing;
  /** Name shown on the checkout page and the receipt; defaults to the plugin id. */
  productName?: string;
  /** May contain `{CHECKOUT_SESSION_ID}`, replaced by the checkout id. */
  successUrl: string;
  cancelUrl: string;
  /** Makes a retried request return the same checkout (Stripe idempotency key). */
  idempotencyKey?: string;
}

export interface CheckoutSession {
  checkoutId: string;
  /** Where to send the buyer. */
  url: string;
  /** No real money moves: Stripe test mode or the local provider. */
  testMode: boolean;
}

/** Who bought what: carried as metadata through the provider and back in its events. */
export interface PurchaseRefs {
  orgId: string;
  pluginId: string;
  publisherId: string;
  /** The buyer; absent when the provider's object does not carry it. */
  uid?: string;
}

interface EventBase {
  /** The provider's event id: a redelivery carries the same id. */
  id: string;
  provider: ProviderName;
  /** When the provider created the event, epoch milliseconds (Stripe: second precision). */
  created: number;
  testMode: boolean;
}

/** A one-time purchase was paid. */
export interface PaymentSucceededEvent extends EventBase, PurchaseRefs {
  type: 'payment.succeeded';
  checkoutId: string;
  /** The provider's id of the payment (Stripe PaymentIntent); refunds refer to it. */
  providerRef: string;
  amountMinor: number;
  currency: CurrencyCode;
}

/** A subscription invoice was paid: the first one (`started`) or a later one (`renewed`). */
export interface SubscriptionPaidEvent extends EventBase, PurchaseRefs {
  type: 'subscription.started' | 'subscription.renewed';
  subscriptionId: string;
  /** The provider's id of this payment (Stripe invoice id); refunds refer to it. */
  providerRef: string;
  amountMinor: number;
  currency: CurrencyCode;
  /** The service period the invoice pays for, epoch milliseconds. */
  periodStart: number;
  periodEnd: number;
}

export type SubscriptionStatus =
  | 'active'
  | 'trialing'
  | 'past_due'
  | 'unpaid'
  | 'canceled'
  | 'incomplete'
  | 'incomplete_expired'
  | 'paused'
  | 'unknown';

/** The subscription's state changed (status, scheduled cancellation, billing period). */
export interface SubscriptionUpdatedEvent extends EventBase, PurchaseRefs {
  type: 'subscription.updated';
  subscriptionId: string;
  status: SubscriptionStatus;
  cancelAtPeriodEnd: boolean;
  /** A scheduled cancellation time, epoch milliseconds. */
  cancelAt?: number;
  /** End of the provider's current billing period (which may not be paid yet). */
  currentPeriodEnd?: number;
}

/** The subscription is over: it will never renew again. */
export interface SubscriptionEndedEvent extends EventBase, PurchaseRefs {
  type: 'subscription.ended';
  subscriptionId: string;
  endedAt: number;
}

/** Money of a payment was given back (in part or in full). */
export interface RefundCreatedEvent extends EventBase {
  type: 'refund.created';
  /** The provider's id of the refunded object (Stripe charge). */
  providerRef: string;
  /** `providerRef` of the payment (payment.succeeded / subscription.*) that is refunded. */
  paymentRef: string;
  /** Cumulative: everything refunded on that payment so far, this refund included. */
  refundedTotalMinor: number;
  /** Amount of the refunded payment as the provider reports it. */
  paymentAmountMinor: number;
  currency: CurrencyCode;
  /** Present when the provider's object carries the purchase metadata. */
  refs?: PurchaseRefs;
}

/** A notification the marketplace does not act on; `reason` says why, for the logs. */
export interface IgnoredEvent extends EventBase {
  type: 'ignored';
  providerType: string;
  reason: string;
}

export type PaymentEvent =
  | PaymentSucceededEvent
  | SubscriptionPaidEvent
  | SubscriptionUpdatedEvent
  | SubscriptionEndedEvent
  | RefundCreatedEvent
  | IgnoredEvent;

export type PaymentEventType = PaymentEvent['type'];

export type WebhookSignatureErrorCode =
  'missing-secret' | 'missing-signature' | 'malformed-signature' | 'signature-mismatch' | 'timestamp-outside-tolerance';

/** The webhook delivery is not authentic; it must be refused (HTTP 400) and never processed. */
export class WebhookSignatureError extends CodedError<WebhookSignatureErrorCode> {}

export type WebhookPayloadErrorCode = 'invalid-json' | 'malformed-event';

/** The delivery is authentic but cannot be understood; retrying will not help. */
export class WebhookPayloadError extends CodedError<WebhookPayloadErrorCode> {}

export type CheckoutErrorCode = 'invalid-request' | 'provider-error';

export class CheckoutError extends CodedError<CheckoutErrorCode> {}

/** The metadata keys the marketplace puts on checkouts, payments and subscriptions. */
export const METADATA_KEYS = {
  orgId: 'orgId',
  pluginId: 'pluginId',
  publisherId: 'publisherId',
  uid: 'uid',
} as const;

export function purchaseMetadata(refs: PurchaseRefs): Record<string, string> {
  return {
    [METADATA_KEYS.orgId]: refs.orgId,
    [METADATA_KEYS.pluginId]: refs.pluginId,
    [METADATA_KEYS.publisherId]: refs.publisherId,
    ...(refs.uid ? { [METADATA_KEYS.uid]: refs.uid } : {}),
  };
}

/** The purchase refs in provider metadata, or undefined when it is not a marketplace purchase. */
export function refsFromMetadata(metadata: Record<string, string> | null | undefined): PurchaseRefs | undefined {
  const orgId = metadata?.[METADATA_KEYS.orgId];
  const pluginId = metadata?.[METADATA_KEYS.pluginId];
  const publisherId = metadata?.[METADATA_KEYS.publisherId];
  if (!orgId || !pluginId || !publisherId) return undefined;
  const uid = metadata[METADATA_KEYS.uid];
  return { orgId, pluginId, publisherId, ...(uid ? { uid } : {}) };
}

/** A header value by case-insensitive name; arrays (repeated headers) are refused as ambiguous. */
export function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    if (Array.isArray(value)) {
      throw new WebhookSignatureError('malformed-signature', `The ${name} header was sent more than once.`);
    }
    return value;
  }
  return undefined;
}

/** Checks the parts of a checkout request every provider needs; returns the normalized pricing. */
export function checkCheckoutRequest(request: CheckoutRequest): { amountMinor: number; currency: CurrencyCode } {
  for (const key of ['orgId', 'pluginId', 'publisherId', 'uid'] as const) {
    const value = request[key];
    if (typeof value !== 'string' || value.length === 0 || value.length > 500) {
      throw new CheckoutError('invalid-request', `The checkout needs ${key} (1 to 500 characters).`);
    }
  }
  for (const key of ['successUrl', 'cancelUrl'] as const) {
    let url: URL | undefined;
    try {
      url = new URL(request[key].replace('{CHECKOUT_SESSION_ID}', 'x'));
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new CheckoutError(
        'invalid-request',
        `${key} must be an absolute http(s) URL, got ${JSON.stringify(request[key])}.`,
      );
    }
  }
  const { model, interval } = request.pricing;
  if (model !== 'one-time' && model !== 'subscription') {
    throw new CheckoutError('invalid-request', `pricing.model must be one-time or subscription, got ${String(model)}.`);
  }
  if (interval !== undefined && (model !== 'subscription' || interval !== 'month')) {
    throw new CheckoutError('invalid-request', 'pricing.interval is only for subscriptions, and must be month.');
  }
  try {
    const amountMinor = assertMinorAmount(request.pricing.amountMinor, 'price');
    if (amountMinor === 0) throw new CheckoutError('invalid-request', 'A paid checkout needs a price above zero.');
    return { amountMinor, currency: parseCurrency(request.pricing.currency) };
  } catch (error) {
    if (error instanceof MoneyError) throw new CheckoutError('invalid-request', error.message, { cause: error });
    throw error;
  }
}
