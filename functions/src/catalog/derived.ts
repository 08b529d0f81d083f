import type { DocumentData } from 'firebase-admin/firestore';
import { CONTENDED, db } from '../lib/admin.js';
import { listingScore } from './score.js';

/**
 * Listing fields derived from others, for queries Firestore can serve: the relevance score
 * (installs and rating), the minimum-rating flags, the free/paid class. Writers of installCount,
 * rating and pricing only write those (installs increment blindly); this keeps the rest in step.
 */
export function derivedFields(listing: DocumentData): Record<string, unknown> {
  const count = Number(listing.rating?.count ?? 0);
  const average = count ? Math.round((Number(listing.rating?.sum ?? 0) / count) * 100) / 100 : 0;
  return {
    // A field path: the rest of the rating map is incremented concurrently and must not be replaced.
    'rating.average': average,
    score: listingScore(Number(listing.installCount ?? 0), listing.rating),
    ratingAtLeast: Object.fromEntries(['1', '2', '3', '4'].map((n) => [n, count > 0 && average >= Number(n)])),
    priceClass: (listing.pricing?.model ?? 'free') === 'free' ? 'free' : 'paid',
  };
}

/** The value at a dotted field path. */
const at = (data: DocumentData, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v as DocumentData | undefined)?.[k], data);

/** Whether any derived field (by dotted path) differs from its wanted value. */
export function differs(current: DocumentData, wanted: Record<string, unknown>): boolean {
  return Object.entries(wanted).some(
    ([path, value]) => JSON.stringify(at(current, path) ?? null) !== JSON.stringify(value),
  );
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
  }, CONTENDED);
}
