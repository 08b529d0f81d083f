import { triggerPatterns } from '@mlebotics/shared';
import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { recordChange } from '../search/changes.js';

/**
 * Every listing write: records the change for search instances to catch up from (within a
 * quarter second of their next search). Nothing else, so a change is never queued behind a
 * snapshot being written (that is `searchSnapshot`'s work).
 */
export const searchFeed = onDocumentWritten({ document: triggerPatterns.plugin, retry: true }, (event) =>
  recordChange(event.params.pluginId),
);
