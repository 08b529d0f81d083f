import type { ListingDoc } from '@mlebotics/shared';
import type { Transaction } from 'firebase-admin/firestore';
import { docs } from '../lib/documents.js';
import { isEntitlementActive } from '../revenue/entitlements.js';

/** Whether an organization may use a plugin under its pricing, and why not. */
export type PricingAccess = { ok: true } | { ok: false; reason: string };

/**
 * Whether the organization may install and run a plugin under its pricing: free plugins always;
 * paid plugins (one-time or subscription) need an active entitlement
 * (`orgs/{orgId}/entitlements/{pluginId}`) that has not ended.
 */
export async function checkPricingAccess(
  tx: Transaction | undefined,
  orgId: string,
  pluginId: string,
  listing: Pick<ListingDoc, 'pricing' | 'name'>,
): Promise<PricingAccess> {
  const model = listing.pricing.model;
  if (model === 'free') return { ok: true };
  const ref = docs.entitlement(orgId, pluginId);
  const entitlement = (tx ? await tx.get(ref) : await ref.get()).data();
  const check = isEntitlementActive(entitlement, Date.now());
  if (check.active) return { ok: true };
  const name = listing.name;
  return {
    ok: false,
    reason: entitlement
      ? `${name} is a paid plugin (${model}): ${check.reason}`
      : `${name} is a paid plugin (${model}); buy it for this organization first.`,
  };
}
