import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { derivedFields, refreshDerivedFields } from '../catalog/derived.js';

/** Keeps a listing's score, rating flags and price class in step with its counts and pricing. */
export const listingDerivedFields = onDocumentWritten(
  { document: 'plugins/{pluginId}', retry: true },
  async (event) => {
    const after = event.data?.after.data();
    if (!after) return;
    const wanted = derivedFields(after);
    // Most writes change nothing derived: skip the transaction then.
    if (Object.entries(wanted).every(([key, value]) => JSON.stringify(after[key] ?? null) === JSON.stringify(value)))
      return;
    await refreshDerivedFields(event.params.pluginId);
  },
);
