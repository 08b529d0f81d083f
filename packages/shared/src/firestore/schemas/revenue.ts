import * as z from 'zod/mini';
import { CURRENCY_CODES } from '../../money.js';
import { timestampSchema } from '../converter.js';

// Revenue ---------------------------------------------------------------------------------------

export const currencyCodeSchema = z.enum(CURRENCY_CODES);
export const providerNameSchema = z.enum(['stripe', 'local']);
export const subscriptionStatusSchema = z.enum([
  'active',
  'trialing',
  'past_due',
  'unpaid',
  'canceled',
  'incomplete',
  'incomplete_expired',
  'paused',
  'unknown',
]);

/** A payment the entitlement remembers, so that its refunds can be reversed in the ledger. */
export const paymentRecordSchema = z.strictObject({
  providerRef: z.string(),
  kind: z.enum(['one-time', 'subscription']),
  provider: providerNameSchema,
  testMode: z.boolean(),
  publisherId: z.string(),
  currency: currencyCodeSchema,
  amountMinor: z.int(),
  developerMinor: z.int(),
  marketplaceMinor: z.int(),
  /** Cumulative amount refunded and already reversed in the ledger. */
  refundedMinor: z.int(),
  occurredAt: z.number(),
});

/** The entitlement state the payment reducer keeps (times are epoch milliseconds). */
export const entitlementSchema = z.strictObject({
  orgId: z.string(),
  pluginId: z.string(),
  publisherId: z.string(),
  model: z.enum(['one-time', 'subscription']),
  status: z.enum(['active', 'ended']),
  endedReason: z.optional(z.enum(['refunded', 'canceled'])),
  since: z.number(),
  paidThrough: z.optional(z.number()),
  currentPeriodEnd: z.optional(z.number()),
  endsAt: z.optional(z.number()),
  cancelAtPeriodEnd: z.optional(z.boolean()),
  cancelAt: z.optional(z.number()),
  subscriptionStatus: z.optional(subscriptionStatusSchema),
  endedAt: z.optional(z.number()),
  provider: providerNameSchema,
  providerRef: z.string(),
  testMode: z.boolean(),
  lastEventId: z.string(),
  lastEventCreated: z.number(),
  stateEventCreated: z.number(),
  appliedEventIds: z.array(z.string()),
  payments: z.array(paymentRecordSchema),
  updatedAt: z.number(),
});

/** `orgs/{orgId}/entitlements/{pluginId}`: the entitlement with its verdict at write time. */
export const entitlementDocSchema = z.extend(entitlementSchema, {
  /** For the console (the install API re-evaluates it). */
  access: z.strictObject({ active: z.boolean(), reason: z.string(), until: z.nullable(z.string()) }),
});

/** `orgs/{orgId}/checkouts/{pluginId}`: the one open checkout (or one being opened), server-only. */
export const checkoutDocSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('opening'), nonce: z.string(), by: z.string(), openingUntil: timestampSchema }),
  z.strictObject({
    state: z.literal('open'),
    checkoutId: z.string(),
    url: z.string(),
    testMode: z.boolean(),
    by: z.string(),
    expiresAt: timestampSchema,
  }),
]);

/** `ledger/{entryId}`: one immutable entry per payment and per refund increment. */
export const ledgerEntryDocSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(['payment', 'refund']),
  pluginId: z.string(),
  publisherId: z.string(),
  orgId: z.string(),
  currency: currencyCodeSchema,
  /** Signed minor units: positive for a payment, negative for a refund. */
  amountMinor: z.int(),
  developerMinor: z.int(),
  marketplaceMinor: z.int(),
  /** Epoch milliseconds. */
  occurredAt: z.number(),
  /** `YYYY-MM` of occurredAt in UTC. */
  period: z.string(),
  provider: z.string(),
  providerRef: z.string(),
  testMode: z.boolean(),
  /** Refund entries only: the total refunded on the payment once this entry is applied. */
  refundedTotalMinor: z.optional(z.int()),
});

/** `publishers/{publisherId}/earnings/{rowId}`: totals per plugin, month, currency and test mode. */
export const earningsRowDocSchema = z.strictObject({
  publisherId: z.string(),
  pluginId: z.string(),
  period: z.string(),
  currency: currencyCodeSchema,
  testMode: z.boolean(),
  grossMinor: z.int(),
  refundedMinor: z.int(),
  developerMinor: z.int(),
  marketplaceMinor: z.int(),
  paymentCount: z.int(),
  refundCount: z.int(),
});

// Events ----------------------------------------------------------------------------------------

/** `processedEvents/{eventId}`: marks an event applied once (with a TTL). */
export const processedEventDocSchema = z.strictObject({ processedAt: timestampSchema, expireAt: timestampSchema });
