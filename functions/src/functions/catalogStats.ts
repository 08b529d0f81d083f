import { triggerPatterns } from '@mlebotics/shared';
import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { applyCatalogDelta } from '../catalog/stats.js';

/** Keeps `stats/catalog` (how many plugins, how many public) in step with plugin writes. */
export const catalogStats = onDocumentWritten({ document: triggerPatterns.plugin, retry: true }, (event) =>
  applyCatalogDelta(event.id, event.data?.before.data(), event.data?.after.data()),
);
