import { triggerPatterns } from '@mlebotics/shared';
import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { reconcileReview } from '../reviews/aggregate.js';

/**
 * Keeps everything derived from a review exact as it is written, edited and deleted: the event
 * only names the review; the handler reads the truth (see reconcileReview).
 */
export const onReviewWritten = onDocumentWritten({ document: triggerPatterns.review, retry: true }, (event) =>
  reconcileReview(event.params.pluginId, event.params.uid),
);
