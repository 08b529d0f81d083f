import { converters, triggerPatterns } from '@mlebotics/shared';
import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { applyCatalogDelta } from '../catalog/stats.js';
import { readSnapshot } from '../lib/documents.js';

/** Keeps `stats/catalog` (how many plugins, how many public) in step with plugin writes. */
export const catalogStats = onDocumentWritten({ document: triggerPatterns.plugin, retry: true }, (event) =>
  applyCatalogDelta(
    event.id,
    readSnapshot(converters.plugin, event.data?.before),
    readSnapshot(converters.plugin, event.data?.after),
  ),
);
