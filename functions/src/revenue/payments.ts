import {
  orgCanUseListing,
  type CallableParsedInput,
  type CreateCheckoutOutput,
  type EntitlementStatus,
  type completeTestCheckout as completeTestCheckoutContract,
  type createCheckout as createCheckoutContract,
  type getEarnings as getEarningsContract,
} from '@mlebotics/shared';
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import type { Request } from 'firebase-functions/v2/https';
import type { Response } from 'express';
import { randomBytes } from 'node:crypto';
import { db } from '../lib/admin.js';
import { cols, docs } from '../lib/documents.js';
import type { CallContext } from '../lib/callable.js';
import {
  defaultLocalPaymentsSecretFile,
  isEmulator,
  paymentParams,
  stripeSecretKey,
  stripeWebhookSecret,
} from '../lib/config.js';
import { ApiError } from '../lib/errors.js';
import { readOrCreateSecretFile } from '../lib/local-file.js';
import { MANAGER_ROLES, requireOrgRole, requirePublisherMember } from '../lib/access.js';
import { applyEvent, isEntitlementActive, type Entitlement } from './entitlements.js';
import { bigAmounts, earningsContribution, earningsRows, paymentEntryId, type LedgerEntry } from './ledger.js';
import { LocalProvider } from './local.js';
import {
  CheckoutError,
  WebhookPayloadError,
  WebhookSignatureError,
  type PaymentEvent,
  type PaymentProvider,
} from './provider.js';

let provider: Promise<PaymentProvider> | undefined;

/**
 * The configured payment provider: Stripe in production; in the emulator (no payment network)
 * the local provider, which completes purchases at once and is labelled test mode everywhere.
 * The Stripe SDK loads only when used.
 */
export function paymentProvider(): Promise<PaymentProvider> {
  provider ??= (async () => {
    const configured = paymentParams.provider.value() || 'auto';
    const choice = configured === 'auto' ? (isEmulator() ? 'local' : 'stripe') : configured;
    if (choice === 'local') {
      if (!isEmulator()) throw new Error('PAYMENTS=local is for the emulator only; production uses Stripe.');
      const secret = await readOrCreateSecretFile(
        paymentParams.localSecretFile.value() || defaultLocalPaymentsSecretFile(),
        () => randomBytes(32).toString('base64url'),
      );
      return new LocalProvider({ secret });
    }
    if (choice === 'stripe') {
      const { StripeProvider } = await import('./stripe.js');
      return new StripeProvider({
        secretKey: () => stripeSecretKey.value(),
        webhookSecret: () => stripeWebhookSecret.value(),
      });
    }
    throw new Error(`PAYMENTS must be stripe, local or auto, got ${JSON.stringify(choice)}.`);
  })();
  return provider;
}

const statusOf = (entitlement: Entitlement | undefined): EntitlementStatus => {
  const check = isEntitlementActive(entitlement, Date.now());
  return {
    active: check.active,
    reason: check.reason,
    until: check.until ? new Date(check.until).toISOString() : null,
  };
};

/** Starts a purchase of a paid plugin for an organization. */
export async function createCheckout(
  input: CallableParsedInput<typeof createCheckoutContract>,
  context: CallContext,
): Promise<CreateCheckoutOutput> {
  const { org } = await requireOrgRole(undefined, input.orgId, context.uid, MANAGER_ROLES);
  const listing = (await docs.plugin(input.pluginId).get()).data();
  if (!listing || !orgCanUseListing(listing, input.orgId))
    throw new ApiError('not-found', `There is no plugin "${input.pluginId}".`);
  const pricing = listing.pricing;
  if (pricing.model === 'free') throw new ApiError('invalid-input', `${listing.name} is free: install it.`);
  const current = (await docs.entitlement(input.orgId, input.pluginId).get()).data();
  const status = statusOf(current);
  if (status.active) throw new ApiError('already-exists', `${org.name} already has ${listing.name}: ${status.reason}`);
  const base = paymentParams.consoleUrl.value().replace(/\/$/, '');
  const back = `${base}/plugins/${encodeURIComponent(input.pluginId)}`;
  const claim = await claimCheckout(input.orgId, input.pluginId, context.uid);
  if ('open' in claim) return claim.open;
  let session: CreateCheckoutOutput;
  try {
    session = await (
      await paymentProvider()
    ).createCheckout({
      orgId: input.orgId,
      pluginId: input.pluginId,
      publisherId: listing.publisherId,
      uid: context.uid,
      pricing: {
        model: pricing.model,
        amountMinor: pricing.amount,
        currency: pricing.currency,
        ...(pricing.model === 'subscription' ? { interval: 'month' as const } : {}),
      },
      productName: listing.name,
      successUrl: `${back}?checkout={CHECKOUT_SESSION_ID}`,
      cancelUrl: `${back}?checkout=cancelled`,
      idempotencyKey: claim.nonce,
    });
  } catch (error) {
    await docs.openCheckout(input.orgId, input.pluginId).delete();
    if (error instanceof CheckoutError) throw new ApiError('invalid-input', error.message);
    throw error;
  }
  await docs.openCheckout(input.orgId, input.pluginId).set({
    state: 'open',
    checkoutId: session.checkoutId,
    url: session.url,
    testMode: session.testMode,
    by: context.uid,
    expiresAt: Timestamp.fromMillis(Date.now() + OPEN_CHECKOUT_MS),
  });
  return session;
}

/** How long a checkout stays open (Stripe's default expiry of a Checkout Session is 24 h). */
const OPEN_CHECKOUT_MS = 24 * 60 * 60 * 1000;
/** How long another caller waits for a checkout being opened before it is treated as abandoned. */
const OPENING_MS = 20_000;

/**
 * One open checkout per organization and plugin: a second createCheckout (a double click, a
 * second tab, another admin) gets the same session back instead of a second one that could be
 * paid too. A caller that finds a checkout being opened waits for it.
 */
async function claimCheckout(
  orgId: string,
  pluginId: string,
  uid: string,
): Promise<{ open: CreateCheckoutOutput } | { nonce: string }> {
  const ref = docs.openCheckout(orgId, pluginId);
  const deadline = Date.now() + OPENING_MS;
  for (;;) {
    const outcome = await db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const now = Date.now();
      const data = snap.data();
      if (data?.state === 'open' && data.expiresAt.toMillis() > now) {
        return { open: { checkoutId: data.checkoutId, url: data.url, testMode: data.testMode } };
      }
      if (data?.state === 'opening' && data.openingUntil.toMillis() > now) return { wait: true };
      const nonce = randomBytes(16).toString('hex');
      tx.set(ref, { state: 'opening', nonce, by: uid, openingUntil: Timestamp.fromMillis(now + OPENING_MS) });
      return { nonce };
    });
    if (!('wait' in outcome)) return outcome;
    if (Date.now() > deadline)
      throw new ApiError(
        'conflict',
        'A checkout for this plugin is being opened for your organization; try again in a moment.',
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Who the event is about; a refund may name only the payment, whose ledger entry tells. */
async function subjectOf(event: PaymentEvent): Promise<{ orgId: string; pluginId: string } | undefined> {
  if (event.type === 'ignored') return undefined;
  if (event.type !== 'refund.created') return { orgId: event.orgId, pluginId: event.pluginId };
  if (event.refs) return { orgId: event.refs.orgId, pluginId: event.refs.pluginId };
  const payment = (await docs.ledgerEntry(paymentEntryId(event.provider, event.paymentRef)).get()).data();
  return payment ? { orgId: payment.orgId, pluginId: payment.pluginId } : undefined;
}

export type ApplyOutcome = 'applied' | 'duplicate' | 'stale' | 'unmatched' | 'ignored';

/**
 * Applies a verified payment event: the entitlement and its ledger entries in one transaction.
 * Replays are no-ops (the reducer remembers event ids; ledger entry ids derive from the provider's
 * payment and refund totals, and are created, never overwritten).
 */
export async function applyPaymentEvent(
  event: PaymentEvent,
): Promise<{ outcome: ApplyOutcome; status?: EntitlementStatus }> {
  const subject = await subjectOf(event);
  if (!subject) return { outcome: event.type === 'ignored' ? 'ignored' : 'unmatched' };
  const ref = docs.entitlement(subject.orgId, subject.pluginId);
  const openRef = docs.openCheckout(subject.orgId, subject.pluginId);
  const applied = await db.runTransaction(async (tx) => {
    const [snap, open] = await Promise.all([tx.get(ref), tx.get(openRef)]);
    const stored = snap.data();
    let current: Entitlement | undefined;
    if (stored) {
      const { access: _access, ...entitlement } = stored;
      current = entitlement;
    }
    const result = applyEvent(current, event, Date.now());
    const entries = await Promise.all(
      result.ledger.map(async (entry: LedgerEntry) => ({
        entry,
        exists: (await tx.get(docs.ledgerEntry(entry.id))).exists,
      })),
    );
    // `access` is the verdict at write time, for the console (the install API re-evaluates it).
    if (result.changed && result.next) tx.set(ref, { ...result.next, access: statusOf(result.next) });
    for (const { entry, exists } of entries) {
      if (exists) continue;
      tx.create(docs.ledgerEntry(entry.id), entry);
      // The publisher's earnings row moves with the entry, in the same transaction: exact, and
      // getEarnings reads one document per plugin and month instead of the whole ledger.
      const { id, key, amounts } = earningsContribution(entry);
      const increments = {
        grossMinor: FieldValue.increment(amounts.grossMinor),
        refundedMinor: FieldValue.increment(amounts.refundedMinor),
        developerMinor: FieldValue.increment(amounts.developerMinor),
        marketplaceMinor: FieldValue.increment(amounts.marketplaceMinor),
        paymentCount: FieldValue.increment(amounts.paymentCount),
        refundCount: FieldValue.increment(amounts.refundCount),
      };
      tx.set(docs.earningsRow(entry.publisherId, id), { ...key, ...increments }, { merge: true });
    }
    logger.info('payment event', { id: event.id, type: event.type, outcome: result.outcome, reason: result.reason });
    // A checkout that has been paid is no longer open: a later purchase (after a refund) opens a new one.
    const openCheckout = open.data();
    if (
      openCheckout &&
      (event.type === 'subscription.started' ||
        (event.type === 'payment.succeeded' &&
          openCheckout.state === 'open' &&
          openCheckout.checkoutId === event.checkoutId))
    ) {
      tx.delete(openRef);
    }
    // A second one-time payment for what the organization already holds is refunded in full.
    const duplicate =
      event.type === 'payment.succeeded' &&
      result.ledger.length > 0 &&
      current?.model === 'one-time' &&
      current.status === 'active' &&
      current.providerRef !== event.providerRef;
    return { outcome: result.outcome, status: statusOf(result.next), duplicate };
  });
  if (applied.duplicate && event.type === 'payment.succeeded') {
    logger.warn('duplicate purchase refunded', {
      orgId: subject.orgId,
      pluginId: subject.pluginId,
      payment: event.providerRef,
    });
    const refund = await (await paymentProvider()).refundDuplicate(event);
    if (refund) await applyPaymentEvent(refund);
  }
  return { outcome: applied.outcome, status: applied.status };
}

/** Test mode: pays a local checkout at once, then applies it like a webhook delivery. */
export async function completeTestCheckout(
  input: CallableParsedInput<typeof completeTestCheckoutContract>,
  context: CallContext,
): Promise<EntitlementStatus> {
  const payments = await paymentProvider();
  if (!(payments instanceof LocalProvider))
    throw new ApiError('permission-denied', 'Purchases complete through the payment provider here, not in test mode.');
  let event;
  try {
    event = payments.complete(input.checkoutId);
  } catch (error) {
    if (error instanceof CheckoutError) throw new ApiError('invalid-input', error.message);
    throw error;
  }
  await requireOrgRole(undefined, event.orgId, context.uid, MANAGER_ROLES);
  const { status } = await applyPaymentEvent(event);
  return status!;
}

/**
 * The provider's webhook: verifies the signature over the raw body, then applies the event.
 * 400 for a bad signature (never applied); 2xx once applied, a duplicate or ignored; 409 for a
 * refund of a payment not seen yet, so that the provider delivers it again later.
 */
export async function paymentsWebhook(req: Request, res: Response): Promise<void> {
  if (req.method !== 'POST') {
    res.status(405).send('POST only.');
    return;
  }
  let event: PaymentEvent;
  try {
    event = await (await paymentProvider()).parseWebhook(req.rawBody, req.headers);
  } catch (error) {
    if (error instanceof WebhookSignatureError) {
      logger.warn('webhook signature rejected', { code: error.code, message: error.message });
      res.status(400).json({ error: error.code, message: error.message });
      return;
    }
    if (error instanceof WebhookPayloadError) {
      logger.error('webhook payload not understood', { code: error.code, message: error.message });
      res.status(200).json({ ignored: error.code });
      return;
    }
    throw error;
  }
  const { outcome } = await applyPaymentEvent(event);
  res.status(outcome === 'unmatched' ? 409 : 200).json({ outcome });
}

/** A publisher's earnings per plugin, month and currency: the rows kept with the ledger. */
export async function getEarnings(input: CallableParsedInput<typeof getEarningsContract>, context: CallContext) {
  await requirePublisherMember(undefined, input.publisherId, context.uid);
  const snap = await cols.earnings(input.publisherId).get();
  const rows = earningsRows(
    snap.docs.map((d) => {
      const { publisherId, pluginId, period, currency, testMode, ...amounts } = d.data();
      return { key: { publisherId, pluginId, period, currency, testMode }, amounts: bigAmounts(amounts) };
    }),
  );
  return { rows: rows.map(({ publisherId: _publisher, ...row }) => row) };
}
