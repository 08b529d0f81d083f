import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { reconcileReview } from '../reviews/aggregate.js';

/** Keeps the plugin's rating aggregates exact as reviews are written, edited and deleted. */
export const onReviewWritten = onDocumentWritten(
  { document: 'plugins/{pluginId}/reviews/{uid}', retry: true },
  (event) => {
    const { before, after } = event.data ?? {};
    const deleted =
      before?.exists && !after?.exists
        ? { data: before.data()!, createTime: `${before.createTime?.seconds}.${before.createTime?.nanoseconds}` }
        : undefined;
    return reconcileReview(event.params.pluginId, event.params.uid, deleted);
  },
);
