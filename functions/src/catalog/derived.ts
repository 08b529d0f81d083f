import type { ListingDoc } from '@mlebotics/shared';
import type { UpdateData } from 'firebase-admin/firestore';
import { CONTENDED, db } from '../lib/admin.js';
import { docs, type Stored } from '../lib/documents.js';
import { listingScore } from './score.js';

type Listing = Pick<
  ListingDoc,
  | 'rating'
  | 'installCount'
  | 'pricing'
  | 'score'
  | 'ratingAtLeast'
  | 'priceClass'
  | 'revoked'
  | 'publisherSuspended'
  | 'discoverable'
>;

/** The derived listing fields, by field path (`rating.average`: the rest of the map is incremented concurrently). */
export interface DerivedFields {
  'rating.average': number;
  score: number;
  ratingAtLeast: ListingDoc['ratingAtLeast'];
  priceClass: ListingDoc['priceClass'];
  discoverable: boolean;
}

/**
 * Listing fields derived from others, for queries Firestore can serve: the relevance score
 * (installs and rating), the minimum-rating flags, the free/paid class, whether discovery shows it
 * (not revoked, publisher not suspended). Writers of installCount,
 * rating and pricing only write those (installs increment blindly); this keeps the rest in step.
 */
export function derivedFields(listing: Listing): DerivedFields {
  const count = listing.rating.count;
  const average = count ? Math.round((listing.rating.sum / count) * 100) / 100 : 0;
  const atLeast = (n: number) => count > 0 && average >= n;
  return {
    'rating.average': average,
    score: listingScore(listing.installCount, listing.rating),
    ratingAtLeast: { '1': atLeast(1), '2': atLeast(2), '3': atLeast(3), '4': atLeast(4) },
    priceClass: listing.pricing.model === 'free' ? 'free' : 'paid',
    discoverable: !listing.revoked && !listing.publisherSuspended,
  };
}

/** Whether any derived field differs from its wanted value. */
export function differs(current: Listing, wanted: DerivedFields): boolean {
  const now: DerivedFields = {
    'rating.average': current.rating.average,
    score: current.score,
    ratingAtLeast: current.ratingAtLeast,
    priceClass: current.priceClass,
    discoverable: current.discoverable,
  };
  return (Object.keys(wanted) as Array<keyof DerivedFields>).some(
    (key) => JSON.stringify(now[key]) !== JSON.stringify(wanted[key]),
  );
}

/**
 * Writes the derived fields when they are stale. Compare-then-write makes it idempotent and ends
 * the loop it starts (its own write triggers it once more, finding nothing to do). Runs in a
 * transaction so that a concurrent change is not overwritten with stale derived values.
 */
export async function refreshDerivedFields(pluginId: string): Promise<boolean> {
  const ref = docs.plugin(pluginId);
  return db.runTransaction(async (tx) => {
    const listing = (await tx.get(ref)).data();
    if (!listing) return false;
    const wanted = derivedFields(listing);
    if (!differs(listing, wanted)) return false;
    const update: UpdateData<Stored<'plugin'>> = wanted;
    tx.update(ref, update);
    return true;
  }, CONTENDED);
}

/** After a listing write: refreshes its derived fields unless they already agree (most writes). */
export async function keepDerivedFields(pluginId: string, after: Listing | undefined): Promise<void> {
  if (!after) return;
  if (!differs(after, derivedFields(after))) return;
  await refreshDerivedFields(pluginId);
}
