import { converters, triggerPatterns } from '@mlebotics/shared';
import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { keepDerivedFields } from '../catalog/derived.js';
import { readSnapshot } from '../lib/documents.js';

/** Keeps a listing's score, rating flags and price class in step with its counts and pricing. */
export const listingDerivedFields = onDocumentWritten({ document: triggerPatterns.plugin, retry: true }, (event) =>
  keepDerivedFields(event.params.pluginId, readSnapshot(converters.plugin, event.data?.after)),
);
