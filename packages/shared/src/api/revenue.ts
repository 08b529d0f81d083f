import { z } from 'zod';
import { PUBLISHER_ID } from '../id-patterns.js';
import { defineCallable } from './define.js';
import { pluginIdSchema } from './installs.js';
import { orgIdSchema } from './orgs.js';

export const createCheckoutInputSchema = z.object({ orgId: orgIdSchema, pluginId: pluginIdSchema }).strict();

export interface CreateCheckoutOutput {
  checkoutId: string;
  /** Where to send the buyer (Stripe Checkout); in test mode, the console's own completion page. */
  url: string;
  /** No payment network: the local provider completes purchases at once, without money. */
  testMode: boolean;
}

/** Starts buying a paid plugin for an organization (owners and admins). */
export const createCheckout = defineCallable<CreateCheckoutOutput>()('createCheckout', createCheckoutInputSchema);

export const completeTestCheckoutInputSchema = z.object({ checkoutId: z.string().min(8).max(4096) }).strict();

export interface EntitlementStatus {
  active: boolean;
  reason: string;
  until: string | null;
}

/** Test mode only (emulator): pays a local checkout at once, through the same path as a webhook. */
export const completeTestCheckout = defineCallable<EntitlementStatus>()(
  'completeTestCheckout',
  completeTestCheckoutInputSchema,
);

export const getEarningsInputSchema = z
  .object({ publisherId: z.string().regex(PUBLISHER_ID, 'must be a publisher id') })
  .strict();

export interface EarningsRow {
  pluginId: string;
  /** YYYY-MM (UTC). */
  period: string;
  currency: string;
  testMode: boolean;
  grossMinor: number;
  refundedMinor: number;
  netMinor: number;
  developerMinor: number;
  marketplaceMinor: number;
  paymentCount: number;
  refundCount: number;
}

/** A publisher's earnings per plugin and month, from the ledger (publisher members). */
export const getEarnings = defineCallable<{ rows: EarningsRow[] }>()('getEarnings', getEarningsInputSchema);
