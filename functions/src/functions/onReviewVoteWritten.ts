import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { countReactions } from '../reviews/aggregate.js';

/** Counts "helpful" votes on a review. */
export const onReviewVoteWritten = onDocumentWritten(
  { document: 'plugins/{pluginId}/reviews/{uid}/votes/{voterUid}', retry: true },
  (event) => countReactions('votes', event.params.pluginId, event.params.uid),
);
