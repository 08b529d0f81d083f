import { describe, expect, it } from 'vitest';
import { applyEvent, isEntitlementActive } from './entitlements.js';
import { addMonthsUtc, LOCAL_SIGNATURE_HEADER, LocalProvider } from './local.js';
import { CheckoutError, WebhookPayloadError, WebhookSignatureError, type CheckoutRequest } from './provider.js';

const NOW = Date.UTC(2026, 0, 31, 10);
const SECRET = 'local-emulator-secret-0123456789';

const request: CheckoutRequest = {
  orgId: 'org-a',
  pluginId: 'acme.weather',
  publisherId: 'acme',
  uid: 'user-1',
  pricing: { model: 'one-time', amountMinor: 1999, currency: 'usd' },
  successUrl: 'http://localhost:5173/purchases/{CHECKOUT_SESSION_ID}',
  cancelUrl: 'http://localhost:5173/plugins/acme.weather',
};

const local = (secret = SECRET) => new LocalProvider({ secret, now: () => NOW });

describe('addMonthsUtc', () => {
  it('keeps the day of the month, clamped to the last day', () => {
    expect(new Date(addMonthsUtc(Date.UTC(2026, 0, 31, 10), 1)).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(new Date(addMonthsUtc(Date.UTC(2028, 0, 31), 1)).toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(new Date(addMonthsUtc(Date.UTC(2026, 11, 15), 1)).toISOString()).toBe('2027-01-15T00:00:00.000Z');
  });
});

describe('LocalProvider', () => {
  it('refuses a short secret', () => {
    expect(() => new LocalProvider({ secret: 'short' })).toThrow(/at least 16 characters/);
  });

  it('opens a test-mode checkout whose success URL names it', async () => {
    const checkout = await local().createCheckout(request);
    expect(checkout.testMode).toBe(true);
    expect(checkout.checkoutId).toMatch(/^lcs_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(checkout.url).toBe(`http://localhost:5173/purchases/${encodeURIComponent(checkout.checkoutId)}`);
  });

  it('completes a one-time checkout at once with payment.succeeded, the same event every time', async () => {
    const provider = local();
    const { checkoutId } = await provider.createCheckout(request);
    const event = provider.complete(checkoutId);
    expect(event).toEqual({
      type: 'payment.succeeded',
      id: expect.stringMatching(/^local_evt_[0-9a-f]{24}$/),
      provider: 'local',
      created: NOW,
      testMode: true,
      orgId: 'org-a',
      pluginId: 'acme.weather',
      publisherId: 'acme',
      uid: 'user-1',
      checkoutId,
      providerRef: expect.stringMatching(/^local_pay_/),
      amountMinor: 1999,
      currency: 'usd',
    });
    // Another instance with the same secret completes it identically (the emulator runs several).
    expect(local().complete(checkoutId)).toEqual(event);
    const { next } = applyEvent(undefined, event, NOW);
    expect(isEntitlementActive(next, NOW).active).toBe(true);
  });

  it('completes a subscription checkout with subscription.started for one month, and renews it', async () => {
    const provider = local();
    const { checkoutId } = await provider.createCheckout({
      ...request,
      pricing: { model: 'subscription', amountMinor: 500, currency: 'EUR', interval: 'month' },
    });
    const started = provider.complete(checkoutId);
    expect(started).toMatchObject({
      type: 'subscription.started',
      subscriptionId: expect.stringMatching(/^local_sub_/),
      amountMinor: 500,
      currency: 'eur',
      periodStart: NOW,
      periodEnd: Date.UTC(2026, 1, 28, 10),
    });
    if (started.type !== 'subscription.started') throw new Error('expected a subscription');
    const renewed = provider.renew(started);
    expect(renewed).toMatchObject({
      type: 'subscription.renewed',
      subscriptionId: started.subscriptionId,
      periodStart: Date.UTC(2026, 1, 28, 10),
      periodEnd: Date.UTC(2026, 2, 28, 10),
      created: Date.UTC(2026, 1, 28, 10),
    });
    expect(renewed.id).not.toBe(started.id);
    expect(renewed.providerRef).not.toBe(started.providerRef);
  });

  it('refuses a forged or foreign checkout id', async () => {
    const { checkoutId } = await local().createCheckout(request);
    const [body, mac] = checkoutId.slice(4).split('.');
    const forgedBody = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), amountMinor: 1 }),
    ).toString('base64url');
    for (const id of [`lcs_${forgedBody}.${mac}`, 'cs_test_123', `${checkoutId}x`]) {
      expect(() => local().complete(id)).toThrow(CheckoutError);
    }
    expect(() => local('another-secret-0123456789').complete(checkoutId)).toThrow(/not issued by this emulator/);
  });

  it('round-trips signed webhook deliveries and refuses tampered, stale or unsigned ones', async () => {
    const provider = local();
    const started = provider.complete((await provider.createCheckout(request)).checkoutId);
    const refund = provider.refund(started, 1999);
    const { body, headers } = provider.signWebhook(refund);
    await expect(provider.parseWebhook(Buffer.from(body), headers)).resolves.toEqual(refund);

    const tampered = body.replace('"refundedTotalMinor":1999', '"refundedTotalMinor":1');
    expect(tampered).not.toBe(body);
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'accepted',
        (e: unknown) => (e instanceof WebhookSignatureError || e instanceof WebhookPayloadError ? e.code : String(e)),
      );
    expect(await codeOf(provider.parseWebhook(tampered, headers))).toBe('signature-mismatch');
    expect(await codeOf(provider.parseWebhook(body, {}))).toBe('missing-signature');
    expect(await codeOf(provider.parseWebhook(body, { [LOCAL_SIGNATURE_HEADER]: 'nonsense' }))).toBe(
      'malformed-signature',
    );
    const old = provider.signWebhook(refund, NOW - 301_000);
    expect(await codeOf(provider.parseWebhook(old.body, old.headers))).toBe('timestamp-outside-tolerance');
    const foreign = local('another-secret-0123456789').signWebhook(refund);
    expect(await codeOf(provider.parseWebhook(foreign.body, foreign.headers))).toBe('signature-mismatch');
    const notAnEvent = provider.signWebhook({ ...refund, provider: 'stripe' });
    expect(await codeOf(provider.parseWebhook(notAnEvent.body, notAnEvent.headers))).toBe('malformed-event');
  });
});
