import { triggerPatterns } from '@mlebotics/shared';
import { logger } from 'firebase-functions';
import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { refreshSnapshot } from '../search/index-store.js';
import { ListingIndex } from '../search/service.js';

/**
 * Every recorded search change: at most once a minute (a lease in `searchIndex/public`) writes a
 * fresh snapshot of the public index for cold starts; most runs read the lease and return.
 */
export const searchSnapshot = onDocumentWritten(
  { document: triggerPatterns.searchChange, memory: '1GiB', timeoutSeconds: 120 },
  async () => {
    await refreshSnapshot(ListingIndex.load).catch((error: unknown) =>
      logger.warn('searchSnapshot: the snapshot was not refreshed (the next change retries)', error),
    );
  },
);
