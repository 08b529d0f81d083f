import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { countReactions } from '../reviews/aggregate.js';

/** Counts moderation flags on a review; enough distinct flaggers hide it pending moderation. */
export const onReviewFlagWritten = onDocumentWritten(
  { document: 'plugins/{pluginId}/reviews/{uid}/flags/{flaggerUid}', retry: true },
  (event) => countReactions('flags', event.params.pluginId, event.params.uid),
);
