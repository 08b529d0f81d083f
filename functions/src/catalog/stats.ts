import type { ListingDoc } from '@mlebotics/shared';
import { FieldValue } from 'firebase-admin/firestore';
import { docs } from '../lib/documents.js';
import { runOnce } from '../lib/idempotent.js';

interface ListingState {
  exists: boolean;
  public: boolean;
}

function state(listing: Pick<ListingDoc, 'visibility'> | undefined): ListingState {
  return { exists: listing !== undefined, public: listing?.visibility === 'public' };
}

/** Applies one plugin write to the catalogue counters shown on the discovery page, once. */
export async function applyCatalogDelta(
  eventId: string,
  before: Pick<ListingDoc, 'visibility'> | undefined,
  after: Pick<ListingDoc, 'visibility'> | undefined,
): Promise<void> {
  const was = state(before);
  const is = state(after);
  const plugins = Number(is.exists) - Number(was.exists);
  const publicPlugins = Number(is.public) - Number(was.public);
  if (plugins === 0 && publicPlugins === 0) return;
  await runOnce(eventId, async (tx) => {
    tx.set(
      docs.catalogStats(),
      {
        plugins: FieldValue.increment(plugins),
        publicPlugins: FieldValue.increment(publicPlugins),
        updatedAt: FieldValue.serverTimestamp(),
      },
      { merge: true },
    );
  });
}
