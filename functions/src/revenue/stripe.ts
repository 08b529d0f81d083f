import { chargeProblem, subscriptionStatusSchema } from '@mlebotics/shared';
import Stripe from 'stripe';
import { assertMinorAmount, MoneyError, parseCurrency, type CurrencyCode } from './money.js';
import {
  checkCheckoutRequest,
  CheckoutError,
  headerValue,
  purchaseMetadata,
  refsFromMetadata,
  WebhookPayloadError,
  WebhookSignatureError,
  type CheckoutRequest,
  type CheckoutSession,
  type PaymentEvent,
  type PaymentProvider,
  type PaymentSucceededEvent,
  type PurchaseRefs,
  type SubscriptionStatus,
  type WebhookHeaders,
  type WebhookSignatureErrorCode,
} from './provider.js';

type StripeClientOptions = NonNullable<ConstructorParameters<typeof Stripe>[1]>;
type Secret = string | (() => string);

export interface StripeProviderConfig {
  /** Secret API key (`sk_…` or a restricted `rk_…`), or a getter such as `defineSecret(…).value`. */
  secretKey: Secret;
  /** Signing secret of the webhook endpoint (`whsec_…`), or a getter. */
  webhookSecret: Secret;
  /** Maximum age of a webhook signature, in seconds (Stripe's default: 300). */
  toleranceSeconds?: number;
  /** Extra Stripe client options (tests pass an `httpClient`). */
  clientOptions?: StripeClientOptions;
  /** Clock for the signature age check, epoch milliseconds (tests). */
  now?: () => number;
}

/** Looks up which payment a refunded PaymentIntent belongs to (the invoice of a subscription payment). */
export type PaymentRefResolver = (paymentIntentId: string) => Promise<string | undefined>;

const read = (secret: Secret): string => (typeof secret === 'function' ? secret() : secret);

const SUBSCRIPTION_STATUSES: ReadonlySet<string> = new Set<SubscriptionStatus>(
  subscriptionStatusSchema.options.filter((status) => status !== 'unknown'),
);

/**
 * Stripe Checkout and Stripe webhooks. Prices are inline (`price_data`): no Product or Price
 * objects need to be managed in the Stripe dashboard. The purchase refs travel as metadata on
 * the session and on the PaymentIntent or Subscription it creates, so every later event carries
 * them.
 */
export class StripeProvider implements PaymentProvider {
  readonly name = 'stripe';
  private stripe: Stripe | undefined;

  constructor(private readonly config: StripeProviderConfig) {}

  /** The API client, made on first use so that secrets are read only at run time. */
  private client(): Stripe {
    if (!this.stripe) {
      const key = read(this.config.secretKey);
      if (!key) throw new Error('No Stripe secret key is configured; set the STRIPE_SECRET_KEY secret.');
      this.stripe = new Stripe(key, { maxNetworkRetries: 2, ...this.config.clientOptions });
    }
    return this.stripe;
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    const { amountMinor, currency } = checkCheckoutRequest(request);
    const problem = chargeProblem(amountMinor, currency);
    if (problem) throw new CheckoutError('invalid-request', `Stripe cannot charge this price: ${problem}`);
    const subscription = request.pricing.model === 'subscription';
    const metadata = purchaseMetadata(request);
    const params: Stripe.Checkout.SessionCreateParams = {
      mode: subscription ? 'subscription' : 'payment',
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency,
            unit_amount: amountMinor,
            product_data: {
              name: request.productName || request.pluginId,
              metadata: { pluginId: request.pluginId, publisherId: request.publisherId },
            },
            ...(subscription ? { recurring: { interval: 'month' as const } } : {}),
          },
        },
      ],
      success_url: request.successUrl,
      cancel_url: request.cancelUrl,
      client_reference_id: request.orgId.slice(0, 200),
      metadata,
      ...(subscription ? { subscription_data: { metadata } } : { payment_intent_data: { metadata } }),
    };
    let session: Stripe.Checkout.Session;
    try {
      session = await this.client().checkout.sessions.create(
        params,
        request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : undefined,
      );
    } catch (error) {
      throw new CheckoutError('provider-error', `Stripe could not open the checkout: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (!session.url) throw new CheckoutError('provider-error', `Stripe checkout ${session.id} has no URL.`);
    return { checkoutId: session.id, url: session.url, testMode: !session.livemode };
  }

  async refundDuplicate(payment: PaymentSucceededEvent): Promise<undefined> {
    // The refund's own webhook (charge.refunded) reverses the ledger entry.
    await this.client().refunds.create(
      { payment_intent: payment.providerRef, reason: 'duplicate', metadata: purchaseMetadata(payment) },
      { idempotencyKey: `duplicate-${payment.providerRef}` },
    );
    return undefined;
  }

  async parseWebhook(rawBody: Buffer | string, headers: WebhookHeaders): Promise<PaymentEvent> {
    const secret = read(this.config.webhookSecret);
    if (!secret || !secret.trim()) {
      throw new WebhookSignatureError(
        'missing-secret',
        'No Stripe webhook signing secret is configured (whsec_…); no webhook can be verified.',
      );
    }
    const signature = headerValue(headers, 'stripe-signature');
    if (!signature) {
      throw new WebhookSignatureError(
        'missing-signature',
        'The request has no Stripe-Signature header; only Stripe may call this endpoint.',
      );
    }
    const tolerance = this.config.toleranceSeconds ?? 300;
    let event: Stripe.Event;
    try {
      event = await Stripe.webhooks.constructEventAsync(
        rawBody,
        signature,
        secret,
        tolerance,
        undefined,
        this.config.now?.(),
      );
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
        throw signatureError(error.message, tolerance);
      }
      // The signature was good: the body itself cannot be read as a Stripe event.
      throw new WebhookPayloadError(
        error instanceof SyntaxError ? 'invalid-json' : 'malformed-event',
        `The signed webhook body is not a Stripe event: ${(error as Error).message}`,
      );
    }
    return mapStripeEvent(event, (paymentIntentId) => this.invoiceOfPaymentIntent(paymentIntentId));
  }

  /** The invoice a PaymentIntent paid, if it paid one (subscription payments are recorded under the invoice id). */
  private async invoiceOfPaymentIntent(paymentIntentId: string): Promise<string | undefined> {
    const page = await this.client().invoicePayments.list({
      payment: { type: 'payment_intent', payment_intent: paymentIntentId },
      limit: 1,
    });
    const invoice = page.data[0]?.invoice;
    return invoice === undefined ? undefined : idOf(invoice);
  }
}

function signatureError(message: string, tolerance: number): WebhookSignatureError {
  const known: Array<[string, WebhookSignatureErrorCode, string]> = [
    [
      'Timestamp outside the tolerance zone',
      'timestamp-outside-tolerance',
      `the signature is more than ${tolerance} s old; a delayed or replayed delivery is refused.`,
    ],
    ['Unable to extract timestamp', 'malformed-signature', 'the Stripe-Signature header cannot be parsed.'],
    [
      'No signatures found with expected scheme',
      'malformed-signature',
      'the Stripe-Signature header has no v1 signature.',
    ],
    ['No stripe-signature header', 'missing-signature', 'the Stripe-Signature header is empty.'],
    ['No webhook secret', 'missing-secret', 'no webhook signing secret is configured.'],
  ];
  const match = known.find(([text]) => message.includes(text));
  const [code, explanation] = match
    ? [match[1], match[2]]
    : ([
        'signature-mismatch',
        'the body does not match the signature: wrong signing secret, or the body was altered (pass the raw request body).',
      ] as const);
  return new WebhookSignatureError(code, `Stripe webhook refused: ${explanation}`);
}

const idOf = (value: string | { id: string }): string => (typeof value === 'string' ? value : value.id);
const seconds = (unix: number): number => unix * 1000;

function money(
  amount: unknown,
  currency: string | null,
  what: string,
): { amountMinor: number; currency: CurrencyCode } {
  try {
    return { amountMinor: assertMinorAmount(amount, what), currency: parseCurrency(currency ?? '') };
  } catch (error) {
    if (error instanceof MoneyError) throw new WebhookPayloadError('malformed-event', `${what}: ${error.message}`);
    throw error;
  }
}

/**
 * Normalizes a verified Stripe event. `resolvePaymentRef` maps a refunded PaymentIntent to the
 * invoice it paid (subscription payments are recorded under their invoice id); without it, the
 * PaymentIntent id is used, which matches one-time purchases.
 */
export async function mapStripeEvent(
  event: Stripe.Event,
  resolvePaymentRef?: PaymentRefResolver,
): Promise<PaymentEvent> {
  const base = {
    id: event.id,
    provider: 'stripe' as const,
    created: seconds(event.created),
    testMode: !event.livemode,
  };
  const ignored = (reason: string): PaymentEvent => ({ ...base, type: 'ignored', providerType: event.type, reason });
  const notOurs = (object: string): PaymentEvent =>
    ignored(`${object} carries no marketplace metadata (orgId, pluginId, publisherId): not a plugin purchase.`);

  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const session = event.data.object;
      const refs = refsFromMetadata(session.metadata);
      if (!refs) return notOurs(`Checkout session ${session.id}`);
      if (session.mode === 'subscription') {
        return ignored(
          `Subscription checkout ${session.id}: its first paid invoice (invoice.paid) starts the entitlement.`,
        );
      }
      if (session.mode !== 'payment') return ignored(`Checkout session ${session.id} is in ${session.mode} mode.`);
      if (session.payment_status !== 'paid') {
        return ignored(
          `Checkout session ${session.id} is not paid yet (${session.payment_status}); checkout.session.async_payment_succeeded follows when it is.`,
        );
      }
      if (!session.payment_intent) {
        throw new WebhookPayloadError('malformed-event', `Paid checkout session ${session.id} has no payment_intent.`);
      }
      return {
        ...base,
        ...refs,
        type: 'payment.succeeded',
        checkoutId: session.id,
        providerRef: idOf(session.payment_intent),
        ...money(session.amount_total, session.currency, `Checkout session ${session.id} amount_total`),
      };
    }
    case 'invoice.paid': {
      const invoice = event.data.object;
      const details = invoice.parent?.subscription_details;
      if (!details) return ignored(`Invoice ${invoice.id} is not a subscription invoice.`);
      const lines = invoice.lines.data.filter(
        (line) => line.parent?.type === 'subscription_item_details' || line.subscription,
      );
      const refs = refsFromMetadata(details.metadata) ?? lines.map((l) => refsFromMetadata(l.metadata)).find(Boolean);
      if (!refs) return notOurs(`Invoice ${invoice.id}`);
      // The lines hold the service period paid for; invoice.period_* is the previous period.
      const period = lines.map((l) => l.period).sort((a, b) => b.end - a.end)[0];
      if (!period) {
        throw new WebhookPayloadError(
          'malformed-event',
          `Invoice ${invoice.id} has no subscription line with a period.`,
        );
      }
      return {
        ...base,
        ...refs,
        type: invoice.billing_reason === 'subscription_create' ? 'subscription.started' : 'subscription.renewed',
        subscriptionId: idOf(details.subscription),
        providerRef: invoice.id,
        ...money(invoice.amount_paid, invoice.currency, `Invoice ${invoice.id} amount_paid`),
        periodStart: seconds(period.start),
        periodEnd: seconds(period.end),
      };
    }
    case 'customer.subscription.updated': {
      const subscription = event.data.object;
      const refs = refsFromMetadata(subscription.metadata);
      if (!refs) return notOurs(`Subscription ${subscription.id}`);
      const periodEnds = subscription.items.data.map((item) => item.current_period_end);
      return {
        ...base,
        ...refs,
        type: 'subscription.updated',
        subscriptionId: subscription.id,
        status: SUBSCRIPTION_STATUSES.has(subscription.status)
          ? (subscription.status as SubscriptionStatus)
          : 'unknown',
        cancelAtPeriodEnd: subscription.cancel_at_period_end,
        ...(subscription.cancel_at ? { cancelAt: seconds(subscription.cancel_at) } : {}),
        ...(periodEnds.length ? { currentPeriodEnd: seconds(Math.max(...periodEnds)) } : {}),
      };
    }
    case 'customer.subscription.deleted': {
      const subscription = event.data.object;
      const refs = refsFromMetadata(subscription.metadata);
      if (!refs) return notOurs(`Subscription ${subscription.id}`);
      return {
        ...base,
        ...refs,
        type: 'subscription.ended',
        subscriptionId: subscription.id,
        endedAt: seconds(subscription.ended_at ?? event.created),
      };
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const paymentIntent = charge.payment_intent ? idOf(charge.payment_intent) : undefined;
      const paymentRef = (paymentIntent && (await resolvePaymentRef?.(paymentIntent))) || paymentIntent || charge.id;
      const refunded = money(charge.amount_refunded, charge.currency, `Charge ${charge.id} amount_refunded`);
      const refs: PurchaseRefs | undefined = refsFromMetadata(charge.metadata);
      return {
        ...base,
        type: 'refund.created',
        providerRef: charge.id,
        paymentRef,
        refundedTotalMinor: refunded.amountMinor,
        paymentAmountMinor: money(charge.amount, charge.currency, `Charge ${charge.id} amount`).amountMinor,
        currency: refunded.currency,
        ...(refs ? { refs } : {}),
      };
    }
    default:
      return ignored(`Stripe event ${event.type} is not used by the marketplace.`);
  }
}
