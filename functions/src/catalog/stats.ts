import { paths } from '@mlebotics/shared';
import { FieldValue, type DocumentData } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { runOnce } from '../lib/idempotent.js';

interface ListingState {
  exists: boolean;
  public: boolean;
}

function state(data: DocumentData | undefined): ListingState {
  return { exists: data !== undefined, public: data?.visibility === 'public' };
}

/** Applies one plugin write to the catalogue counters shown on the discovery page, once. */
export async function applyCatalogDelta(
  eventId: string,
  before: DocumentData | undefined,
  after: DocumentData | undefined,
): Promise<void> {
  const was = state(before);
  const is = state(after);
  const plugins = Number(is.exists) - Number(was.exists);
  const publicPlugins = Number(is.public) - Number(was.public);
  if (plugins === 0 && publicPlugins === 0) return;
  await runOnce(eventId, async (tx) => {
    tx.set(
      db.doc(paths.catalogStats()),
      {
        plugins: FieldValue.increment(plugins),
        publicPlugins: FieldValue.increment(publicPlugins),
        updatedAt: FieldValue.serverTimestamp(),
      },
      { merge: true },
    );
  });
}
