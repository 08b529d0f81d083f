import { paths } from '@mlebotics/shared';
import type { DocumentData, Transaction } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { isEntitlementActive, type Entitlement } from '../revenue/entitlements.js';

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
  listing: DocumentData,
): Promise<PricingAccess> {
  const model = (listing.pricing as { model?: string } | undefined)?.model ?? 'free';
  if (model === 'free') return { ok: true };
  const ref = db.doc(paths.entitlement(orgId, pluginId));
  const snap = tx ? await tx.get(ref) : await ref.get();
  const check = isEntitlementActive(snap.exists ? (snap.data() as Entitlement) : undefined, Date.now());
  if (check.active) return { ok: true };
  const name = String(listing.name ?? pluginId);
  return {
    ok: false,
    reason: snap.exists
      ? `${name} is a paid plugin (${model}): ${check.reason}`
      : `${name} is a paid plugin (${model}); buy it for this organization first.`,
  };
}
