import type { DocumentData } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { listingScore } from './score.js';

/**
 * Listing fields derived from others, for queries Firestore can serve: the relevance score
 * (installs and rating), the minimum-rating flags, the free/paid class. Writers of installCount,
 * rating and pricing only write those (installs increment blindly); this keeps the rest in step.
 */
export function derivedFields(listing: DocumentData): Record<string, unknown> {
  const average = Number(listing.rating?.average ?? 0);
  const count = Number(listing.rating?.count ?? 0);
  return {
    score: listingScore(Number(listing.installCount ?? 0), listing.rating),
    ratingAtLeast: Object.fromEntries(['1', '2', '3', '4'].map((n) => [n, count > 0 && average >= Number(n)])),
    priceClass: (listing.pricing?.model ?? 'free') === 'free' ? 'free' : 'paid',
  };
}

function differs(current: DocumentData, wanted: Record<string, unknown>): boolean {
  return Object.entries(wanted).some(([key, value]) => JSON.stringify(current[key] ?? null) !== JSON.stringify(value));
}

/**
 * Writes the derived fields when they are stale. Compare-then-write makes it idempotent and ends
 * the loop it starts (its own write triggers it once more, finding nothing to do). Runs in a
 * transaction so that a concurrent change is not overwritten with stale derived values.
 */
export async function refreshDerivedFields(pluginId: string): Promise<boolean> {
  const ref = db.doc(`plugins/${pluginId}`);
  return db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    if (!snap.exists) return false;
    const wanted = derivedFields(snap.data()!);
    if (!differs(snap.data()!, wanted)) return false;
    tx.update(ref, wanted);
    return true;
  });
}
