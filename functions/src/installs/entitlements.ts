import { paths } from '@mlebotics/shared';
import type { DocumentData, Timestamp, Transaction } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';

export type EntitlementCheck = { ok: true } | { ok: false; reason: string };

/**
 * Whether the organization may install and run a plugin under its pricing: free plugins always;
 * paid plugins (one-time or subscription) need an active entitlement
 * (`orgs/{orgId}/entitlements/{pluginId}`) that has not ended.
 */
export async function checkEntitlement(
  tx: Transaction | undefined,
  orgId: string,
  pluginId: string,
  listing: DocumentData,
): Promise<EntitlementCheck> {
  const model = (listing.pricing as { model?: string } | undefined)?.model ?? 'free';
  if (model === 'free') return { ok: true };
  const ref = db.doc(paths.entitlement(orgId, pluginId));
  const entitlement = tx ? await tx.get(ref) : await ref.get();
  if (!entitlement.exists) {
    return {
      ok: false,
      reason: `${String(listing.name ?? pluginId)} is a paid plugin (${model}); buy it for this organization first.`,
    };
  }
  const status = entitlement.get('status') as string;
  const endsAt = entitlement.get('endsAt') as Timestamp | null | undefined;
  if (status !== 'active' || (endsAt && endsAt.toMillis() <= Date.now())) {
    const when = endsAt ? ` on ${endsAt.toDate().toISOString().slice(0, 10)}` : '';
    return {
      ok: false,
      reason: `This organization's entitlement to ${String(listing.name ?? pluginId)} ended${when} (${status}); renew it to install or run it.`,
    };
  }
  return { ok: true };
}
