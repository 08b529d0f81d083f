import { triggerPatterns } from '@mlebotics/shared';
import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { derivedFields, differs, refreshDerivedFields } from '../catalog/derived.js';

/** Keeps a listing's score, rating flags and price class in step with its counts and pricing. */
export const listingDerivedFields = onDocumentWritten(
  { document: triggerPatterns.plugin, retry: true },
  async (event) => {
    const after = event.data?.after.data();
    if (!after) return;
    // Most writes change nothing derived: skip the transaction then.
    if (!differs(after, derivedFields(after))) return;
    await refreshDerivedFields(event.params.pluginId);
  },
);
