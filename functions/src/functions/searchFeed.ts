import { triggerPatterns } from '@mlebotics/shared';
import { FieldValue } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { docs } from '../lib/documents.js';
import { refreshSnapshot } from '../search/index-store.js';
import { ListingIndex } from '../search/service.js';

/**
 * Every listing write: records the change for search instances to catch up from (within a
 * quarter second of their next search), and at most once a minute writes a fresh snapshot of
 * the public index for cold starts.
 */
export const searchFeed = onDocumentWritten(
  { document: triggerPatterns.plugin, retry: true, memory: '1GiB', timeoutSeconds: 120 },
  async (event) => {
    await docs.searchChange(event.params.pluginId).set({ at: FieldValue.serverTimestamp() });
    await refreshSnapshot(ListingIndex.load).catch((error: unknown) =>
      logger.warn('searchFeed: the snapshot was not refreshed (the next change retries)', error),
    );
  },
);
