import { triggerPatterns } from '@mlebotics/shared';
import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { reconcileOrgReviews } from '../reviews/aggregate.js';

/**
 * Reviews count only while their organization has the plugin installed: an uninstall (or a new
 * install) reconciles the reviews written through that organization.
 */
export const onInstallWritten = onDocumentWritten({ document: triggerPatterns.install, retry: true }, (event) => {
  const existed = event.data?.before?.exists ?? false;
  const exists = event.data?.after?.exists ?? false;
  if (existed === exists) return;
  return reconcileOrgReviews(event.params.pluginId, event.params.orgId);
});
