import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { CheckoutError, WebhookPayloadError, WebhookSignatureError, type CheckoutRequest } from './provider.js';
import { StripeProvider } from './stripe.js';

const SECRET = 'whsec_unit_test_signing_secret';
const META = { orgId: 'org-a', pluginId: 'acme.weather', publisherId: 'acme', uid: 'user-1' };
/** 2026-06-01T00:00:00Z, in Stripe's unix seconds. */
const T0 = Date.UTC(2026, 5, 1) / 1000;
const DAY = 86_400;

interface Recorded {
  method: string;
  url: URL;
  body: URLSearchParams;
  headers: Record<string, string>;
}

/** A Stripe client transport that answers from `respond` instead of the network. */
function fakeStripe(respond: (request: Recorded) => { status?: number; json: unknown }) {
  const requests: Recorded[] = [];
  const fetchFn = async (url: string | URL | Request, init?: RequestInit) => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const request = {
      method: init?.method ?? 'GET',
      url: new URL(String(url)),
      body: new URLSearchParams(typeof init?.body === 'string' ? init.body : ''),
      headers,
    };
    requests.push(request);
    const { status = 200, json } = respond(request);
    return new Response(JSON.stringify(json), {
      status,
      headers: { 'content-type': 'application/json', 'request-id': 'req_test' },
    });
  };
  return { requests, httpClient: Stripe.createFetchHttpClient(fetchFn as typeof fetch) };
}

function provider(options: { respond?: Parameters<typeof fakeStripe>[0]; secretKey?: () => string } = {}) {
  const fake = fakeStripe(options.respond ?? (() => ({ json: { object: 'list', data: [], has_more: false } })));
  const stripe = new StripeProvider({
    secretKey: options.secretKey ?? 'sk_test_unit',
    webhookSecret: SECRET,
    clientOptions: { httpClient: fake.httpClient, maxNetworkRetries: 0 },
    now: () => (T0 + 10) * 1000,
  });
  return { stripe, requests: fake.requests };
}

let eventCounter = 0;
function event(type: string, object: Record<string, unknown>, created = T0, livemode = false) {
  eventCounter += 1;
  return {
    id: `evt_1Test${eventCounter}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created,
    data: { object },
    livemode,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** The body and headers of a genuine delivery, signed with the SDK's own test helper. */
function delivery(payload: unknown, options: { secret?: string; timestamp?: number } = {}) {
  const body = JSON.stringify(payload, null, 2);
  const header = Stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret: options.secret ?? SECRET,
    timestamp: options.timestamp ?? T0 + 5,
  });
  return { body, headers: { 'stripe-signature': header } };
}

function checkoutSession(overrides: Record<string, unknown> = {}) {
  return {
    id: 'cs_test_a1B2',
    object: 'checkout.session',
    amount_subtotal: 1999,
    amount_total: 1999,
    cancel_url: 'https://market.example/plugins/acme.weather',
    client_reference_id: 'org-a',
    created: T0 - 60,
    currency: 'usd',
    customer: 'cus_Q1',
    livemode: false,
    metadata: META,
    mode: 'payment',
    payment_intent: 'pi_3One',
    payment_status: 'paid',
    status: 'complete',
    subscription: null,
    success_url: 'https://market.example/purchases/{CHECKOUT_SESSION_ID}',
    url: null,
    ...overrides,
  };
}

function invoice(overrides: Record<string, unknown> = {}) {
  const periodStart = T0;
  const periodEnd = T0 + 30 * DAY;
  return {
    id: 'in_1First',
    object: 'invoice',
    amount_due: 999,
    amount_paid: 999,
    amount_remaining: 0,
    billing_reason: 'subscription_create',
    collection_method: 'charge_automatically',
    created: T0,
    currency: 'eur',
    customer: 'cus_Q1',
    livemode: false,
    metadata: {},
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { metadata: META, subscription: 'sub_1Abc' },
    },
    // For subscription invoices the invoice period is the previous one; the line holds the paid period.
    period_start: periodStart,
    period_end: periodStart,
    status: 'paid',
    lines: {
      object: 'list',
      has_more: false,
      url: '/v1/invoices/in_1First/lines',
      data: [
        {
          id: 'il_1',
          object: 'line_item',
          amount: 999,
          currency: 'eur',
          description: '1 × Acme Weather (at €9.99 / month)',
          invoice: 'in_1First',
          livemode: false,
          metadata: {},
          parent: {
            type: 'subscription_item_details',
            invoice_item_details: null,
            subscription_item_details: {
              invoice_item: null,
              proration: false,
              proration_details: { credited_items: null },
              subscription: 'sub_1Abc',
              subscription_item: 'si_1',
            },
          },
          period: { start: periodStart, end: periodEnd },
          quantity: 1,
          subscription: 'sub_1Abc',
        },
      ],
    },
    ...overrides,
  };
}

function subscription(overrides: Record<string, unknown> = {}) {
  return {
    id: 'sub_1Abc',
    object: 'subscription',
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    created: T0,
    currency: 'eur',
    customer: 'cus_Q1',
    ended_at: null,
    items: {
      object: 'list',
      has_more: false,
      url: '/v1/subscription_items?subscription=sub_1Abc',
      data: [
        {
          id: 'si_1',
          object: 'subscription_item',
          created: T0,
          current_period_start: T0 + 30 * DAY,
          current_period_end: T0 + 61 * DAY,
          metadata: {},
          quantity: 1,
          subscription: 'sub_1Abc',
        },
      ],
    },
    livemode: false,
    metadata: META,
    start_date: T0,
    status: 'active',
    ...overrides,
  };
}

function charge(overrides: Record<string, unknown> = {}) {
  return {
    id: 'ch_3One',
    object: 'charge',
    amount: 1999,
    amount_captured: 1999,
    amount_refunded: 500,
    captured: true,
    created: T0 - 30,
    currency: 'usd',
    livemode: false,
    metadata: {},
    paid: true,
    payment_intent: 'pi_3One',
    refunded: false,
    status: 'succeeded',
    ...overrides,
  };
}

async function refusal(promise: Promise<unknown>): Promise<WebhookSignatureError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookSignatureError);
  return error as WebhookSignatureError;
}

describe('StripeProvider.parseWebhook signature checks', () => {
  const genuine = event('checkout.session.completed', checkoutSession());

  it('accepts a genuine delivery (header name in any case, Buffer or string body)', async () => {
    const { stripe } = provider();
    const { body, headers } = delivery(genuine);
    await expect(stripe.parseWebhook(Buffer.from(body), headers)).resolves.toMatchObject({ type: 'payment.succeeded' });
    await expect(stripe.parseWebhook(body, { 'Stripe-Signature': headers['stripe-signature'] })).resolves.toMatchObject(
      { type: 'payment.succeeded' },
    );
  });

  it('refuses a delivery signed with another secret', async () => {
    const { stripe } = provider();
    const { body, headers } = delivery(genuine, { secret: 'whsec_someone_else' });
    const error = await refusal(stripe.parseWebhook(body, headers));
    expect(error.code).toBe('signature-mismatch');
    expect(error.message).toMatch(/wrong signing secret, or the body was altered/);
  });

  it('refuses a tampered body', async () => {
    const { stripe } = provider();
    const { body, headers } = delivery(genuine);
    const tampered = body.replace('"amount_total": 1999', '"amount_total": 1');
    expect(tampered).not.toBe(body);
    expect((await refusal(stripe.parseWebhook(tampered, headers))).code).toBe('signature-mismatch');
  });

  it('refuses a signature older than the tolerance, and accepts one just inside it', async () => {
    const { stripe } = provider(); // now = T0 + 10 s, tolerance 300 s
    const old = delivery(genuine, { timestamp: T0 + 10 - 301 });
    const error = await refusal(stripe.parseWebhook(old.body, old.headers));
    expect(error.code).toBe('timestamp-outside-tolerance');
    expect(error.message).toBe(
      'Stripe webhook refused: the signature is more than 300 s old; a delayed or replayed delivery is refused.',
    );
    const recent = delivery(genuine, { timestamp: T0 + 10 - 299 });
    await expect(stripe.parseWebhook(recent.body, recent.headers)).resolves.toMatchObject({ id: genuine.id });
  });

  it('refuses a delivery without a signature header, or with an unreadable one', async () => {
    const { stripe } = provider();
    const { body } = delivery(genuine);
    expect((await refusal(stripe.parseWebhook(body, {}))).code).toBe('missing-signature');
    expect((await refusal(stripe.parseWebhook(body, { 'stripe-signature': '' }))).code).toBe('missing-signature');
    expect((await refusal(stripe.parseWebhook(body, { 'stripe-signature': 'garbage' }))).code).toBe(
      'malformed-signature',
    );
    expect((await refusal(stripe.parseWebhook(body, { 'stripe-signature': ['t=1,v1=aa', 't=2,v1=bb'] }))).code).toBe(
      'malformed-signature',
    );
  });

  it('refuses everything while no webhook secret is configured', async () => {
    const stripe = new StripeProvider({ secretKey: 'sk_test_unit', webhookSecret: () => '' });
    const { body, headers } = delivery(genuine);
    expect((await refusal(stripe.parseWebhook(body, headers))).code).toBe('missing-secret');
  });

  it('reports a signed body that is not JSON as a payload error', async () => {
    const { stripe } = provider();
    const body = '{"id": "evt_1", ';
    const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET, timestamp: T0 });
    const error = await stripe.parseWebhook(body, { 'stripe-signature': header }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookPayloadError);
    expect((error as WebhookPayloadError).code).toBe('invalid-json');
  });
});

describe('StripeProvider.parseWebhook event mapping', () => {
  async function parse(payload: unknown, stripe = provider().stripe) {
    const { body, headers } = delivery(payload);
    return stripe.parseWebhook(body, headers);
  }

  it('maps checkout.session.completed (payment mode, paid) to payment.succeeded', async () => {
    const e = event('checkout.session.completed', checkoutSession());
    expect(await parse(e)).toEqual({
      type: 'payment.succeeded',
      id: e.id,
      provider: 'stripe',
      created: T0 * 1000,
      testMode: true,
      ...META,
      checkoutId: 'cs_test_a1B2',
      providerRef: 'pi_3One',
      amountMinor: 1999,
      currency: 'usd',
    });
  });

  it('waits for checkout.session.async_payment_succeeded when the payment is not settled yet', async () => {
    const unpaid = await parse(event('checkout.session.completed', checkoutSession({ payment_status: 'unpaid' })));
    expect(unpaid).toMatchObject({ type: 'ignored', providerType: 'checkout.session.completed' });
    expect(unpaid.type === 'ignored' && unpaid.reason).toMatch(/not paid yet \(unpaid\)/);
    const settled = await parse(event('checkout.session.async_payment_succeeded', checkoutSession(), T0, true));
    expect(settled).toMatchObject({ type: 'payment.succeeded', providerRef: 'pi_3One', testMode: false });
  });

  it('leaves subscription checkouts to invoice.paid, and ignores checkouts of others', async () => {
    const sub = await parse(
      event(
        'checkout.session.completed',
        checkoutSession({ mode: 'subscription', payment_intent: null, subscription: 'sub_1Abc' }),
      ),
    );
    expect(sub).toMatchObject({ type: 'ignored' });
    expect(sub.type === 'ignored' && sub.reason).toMatch(/invoice\.paid\) starts the entitlement/);
    const foreign = await parse(event('checkout.session.completed', checkoutSession({ metadata: { orderId: '42' } })));
    expect(foreign.type === 'ignored' && foreign.reason).toMatch(/no marketplace metadata/);
  });

  it('refuses a paid checkout in a currency outside the table', async () => {
    const error = await parse(event('checkout.session.completed', checkoutSession({ currency: 'isk' }))).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WebhookPayloadError);
    expect((error as Error).message).toMatch(/amount_total: Currency "isk" is not accepted/);
  });

  it('maps the first invoice.paid to subscription.started with the line period', async () => {
    const e = event('invoice.paid', invoice());
    expect(await parse(e)).toEqual({
      type: 'subscription.started',
      id: e.id,
      provider: 'stripe',
      created: T0 * 1000,
      testMode: true,
      ...META,
      subscriptionId: 'sub_1Abc',
      providerRef: 'in_1First',
      amountMinor: 999,
      currency: 'eur',
      periodStart: T0 * 1000,
      periodEnd: (T0 + 30 * DAY) * 1000,
    });
  });

  it('maps a renewal invoice.paid to subscription.renewed', async () => {
    const renewal = invoice({ id: 'in_2Second', billing_reason: 'subscription_cycle' });
    renewal.lines.data[0]!.period = { start: T0 + 30 * DAY, end: T0 + 61 * DAY };
    expect(await parse(event('invoice.paid', renewal, T0 + 30 * DAY))).toMatchObject({
      type: 'subscription.renewed',
      providerRef: 'in_2Second',
      periodStart: (T0 + 30 * DAY) * 1000,
      periodEnd: (T0 + 61 * DAY) * 1000,
    });
  });

  it('ignores invoices that are not subscription invoices, and refuses one without a period', async () => {
    expect(await parse(event('invoice.paid', invoice({ parent: null })))).toMatchObject({ type: 'ignored' });
    const noLines = invoice();
    noLines.lines.data = [];
    await expect(parse(event('invoice.paid', noLines))).rejects.toThrow(
      'Invoice in_1First has no subscription line with a period.',
    );
  });

  it('maps customer.subscription.updated with status, cancellation and period end', async () => {
    const e = event(
      'customer.subscription.updated',
      subscription({ status: 'past_due', cancel_at_period_end: true, cancel_at: T0 + 61 * DAY }),
      T0 + 30 * DAY,
    );
    expect(await parse(e)).toEqual({
      type: 'subscription.updated',
      id: e.id,
      provider: 'stripe',
      created: (T0 + 30 * DAY) * 1000,
      testMode: true,
      ...META,
      subscriptionId: 'sub_1Abc',
      status: 'past_due',
      cancelAtPeriodEnd: true,
      cancelAt: (T0 + 61 * DAY) * 1000,
      currentPeriodEnd: (T0 + 61 * DAY) * 1000,
    });
    expect(await parse(event('customer.subscription.updated', subscription({ status: 'someday_new' })))).toMatchObject({
      status: 'unknown',
      cancelAtPeriodEnd: false,
    });
  });

  it('maps customer.subscription.deleted to subscription.ended', async () => {
    const e = event(
      'customer.subscription.deleted',
      subscription({ status: 'canceled', ended_at: T0 + 40 * DAY, canceled_at: T0 + 40 * DAY }),
      T0 + 40 * DAY,
    );
    expect(await parse(e)).toEqual({
      type: 'subscription.ended',
      id: e.id,
      provider: 'stripe',
      created: (T0 + 40 * DAY) * 1000,
      testMode: true,
      ...META,
      subscriptionId: 'sub_1Abc',
      endedAt: (T0 + 40 * DAY) * 1000,
    });
  });

  it('maps charge.refunded of a one-time purchase to refund.created on its PaymentIntent', async () => {
    const { stripe, requests } = provider();
    const e = event('charge.refunded', charge({ metadata: META }), T0 + DAY);
    expect(await parse(e, stripe)).toEqual({
      type: 'refund.created',
      id: e.id,
      provider: 'stripe',
      created: (T0 + DAY) * 1000,
      testMode: true,
      providerRef: 'ch_3One',
      paymentRef: 'pi_3One',
      refundedTotalMinor: 500,
      paymentAmountMinor: 1999,
      currency: 'usd',
      refs: META,
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url.pathname).toBe('/v1/invoice_payments');
    expect(requests[0]!.url.searchParams.get('payment[payment_intent]')).toBe('pi_3One');
  });

  it('maps charge.refunded of a subscription payment to its invoice', async () => {
    const { stripe } = provider({
      respond: ({ url }) => ({
        json: {
          object: 'list',
          has_more: false,
          url: '/v1/invoice_payments',
          data:
            url.searchParams.get('payment[payment_intent]') === 'pi_Sub'
              ? [{ id: 'inpay_1', object: 'invoice_payment', invoice: 'in_1First', is_default: true, status: 'paid' }]
              : [],
        },
      }),
    });
    const refund = await parse(
      event('charge.refunded', charge({ id: 'ch_Sub', payment_intent: 'pi_Sub', amount: 999, amount_refunded: 999 })),
      stripe,
    );
    expect(refund).toMatchObject({ type: 'refund.created', paymentRef: 'in_1First', refundedTotalMinor: 999 });
    expect(refund.type === 'refund.created' && refund.refs).toBeUndefined();
  });

  it('ignores event types the marketplace does not use', async () => {
    const e = event('customer.created', { id: 'cus_Q1', object: 'customer' });
    expect(await parse(e)).toEqual({
      type: 'ignored',
      id: e.id,
      provider: 'stripe',
      created: T0 * 1000,
      testMode: true,
      providerType: 'customer.created',
      reason: 'Stripe event customer.created is not used by the marketplace.',
    });
  });
});

describe('StripeProvider.createCheckout', () => {
  const request: CheckoutRequest = {
    ...META,
    pricing: { model: 'one-time', amountMinor: 1999, currency: 'USD' },
    productName: 'Acme Weather',
    successUrl: 'https://market.example/purchases/{CHECKOUT_SESSION_ID}',
    cancelUrl: 'https://market.example/plugins/acme.weather',
  };
  const session = {
    json: {
      id: 'cs_test_new',
      object: 'checkout.session',
      livemode: false,
      url: 'https://checkout.stripe.com/c/pay/cs_test_new',
    },
  };

  it('opens a payment-mode session with an inline price and the metadata on the PaymentIntent', async () => {
    let reads = 0;
    const { stripe, requests } = provider({
      respond: () => session,
      secretKey: () => {
        reads += 1;
        return 'sk_test_unit';
      },
    });
    expect(reads).toBe(0);
    const result = await stripe.createCheckout({ ...request, idempotencyKey: 'checkout-org-a-acme.weather-1' });
    expect(result).toEqual({
      checkoutId: 'cs_test_new',
      url: 'https://checkout.stripe.com/c/pay/cs_test_new',
      testMode: true,
    });
    await stripe.createCheckout(request);
    expect(reads).toBe(1);
    const [first] = requests;
    expect(first!.method).toBe('POST');
    expect(first!.url.pathname).toBe('/v1/checkout/sessions');
    expect(first!.headers['authorization']).toBe('Bearer sk_test_unit');
    expect(first!.headers['idempotency-key']).toBe('checkout-org-a-acme.weather-1');
    expect(Object.fromEntries(first!.body)).toEqual({
      mode: 'payment',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'usd',
      'line_items[0][price_data][unit_amount]': '1999',
      'line_items[0][price_data][product_data][name]': 'Acme Weather',
      'line_items[0][price_data][product_data][metadata][pluginId]': 'acme.weather',
      'line_items[0][price_data][product_data][metadata][publisherId]': 'acme',
      success_url: 'https://market.example/purchases/{CHECKOUT_SESSION_ID}',
      cancel_url: 'https://market.example/plugins/acme.weather',
      client_reference_id: 'org-a',
      'metadata[orgId]': 'org-a',
      'metadata[pluginId]': 'acme.weather',
      'metadata[publisherId]': 'acme',
      'metadata[uid]': 'user-1',
      'payment_intent_data[metadata][orgId]': 'org-a',
      'payment_intent_data[metadata][pluginId]': 'acme.weather',
      'payment_intent_data[metadata][publisherId]': 'acme',
      'payment_intent_data[metadata][uid]': 'user-1',
    });
  });

  it('opens a subscription-mode session billed monthly with the metadata on the subscription', async () => {
    const { stripe, requests } = provider({ respond: () => session });
    await stripe.createCheckout({
      ...request,
      pricing: { model: 'subscription', amountMinor: 500, currency: 'jpy', interval: 'month' },
    });
    const body = requests[0]!.body;
    expect(body.get('mode')).toBe('subscription');
    expect(body.get('line_items[0][price_data][currency]')).toBe('jpy');
    expect(body.get('line_items[0][price_data][unit_amount]')).toBe('500');
    expect(body.get('line_items[0][price_data][recurring][interval]')).toBe('month');
    expect(body.get('subscription_data[metadata][orgId]')).toBe('org-a');
    expect(body.get('subscription_data[metadata][publisherId]')).toBe('acme');
    expect([...body.keys()].some((k) => k.startsWith('payment_intent_data'))).toBe(false);
  });

  it('refuses invalid requests before calling Stripe', async () => {
    const { stripe, requests } = provider({ respond: () => session });
    const code = (r: CheckoutRequest) =>
      stripe.createCheckout(r).then(
        () => 'accepted',
        (e: unknown) => (e instanceof CheckoutError ? `${e.code}: ${e.message}` : String(e)),
      );
    expect(await code({ ...request, pricing: { ...request.pricing, amountMinor: 19.99 } })).toMatch(
      /^invalid-request: The price must be a whole number/,
    );
    expect(await code({ ...request, pricing: { ...request.pricing, currency: 'kwd', amountMinor: 1255 } })).toBe(
      'invalid-request: Stripe cannot charge this price: KWD prices are charged in steps of 0.010; 1.255 is not one.',
    );
    expect(await code({ ...request, successUrl: '/relative' })).toMatch(/successUrl must be an absolute http\(s\) URL/);
    expect(await code({ ...request, orgId: '' })).toBe(
      'invalid-request: The checkout needs orgId (1 to 500 characters).',
    );
    expect(await code({ ...request, pricing: { ...request.pricing, interval: 'month' } })).toMatch(
      /interval is only for subscriptions/,
    );
    expect(requests).toHaveLength(0);
  });

  it('reports a Stripe refusal as a provider error', async () => {
    const { stripe } = provider({
      respond: () => ({
        status: 400,
        json: { error: { type: 'invalid_request_error', message: 'Invalid currency: xyz' } },
      }),
    });
    const error = await stripe.createCheckout(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckoutError);
    expect((error as CheckoutError).code).toBe('provider-error');
    expect((error as CheckoutError).message).toBe('Stripe could not open the checkout: Invalid currency: xyz');
  });
});
