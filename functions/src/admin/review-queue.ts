// The review queue: an administrator approves (lists) or rejects a version the scan quarantined.
import { type CallableParsedInput, type decideReview as decideReviewContract } from '@mlebotics/shared';
import { FieldValue } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import { db } from '../lib/admin.js';
import type { CallContext } from '../lib/callable.js';
import { docs } from '../lib/documents.js';
import { ApiError } from '../lib/errors.js';
import { deleteObject } from '../publish/attempt.js';
import { listVersion } from '../publish/commit.js';
import { recordAdminAction, requireAdmin } from './audit.js';

type Input = CallableParsedInput<typeof decideReviewContract>;

/**
 * Approve: the held version becomes `versions/{version}` with its README, the listing shows it
 * (created on a plugin's first version), the search index is stamped, and the publisher's upload
 * turns published — all in one transaction with the audit entry. Reject: the scan report and the
 * upload say why; the held version stays (its number is taken: it was signed) and its registry
 * objects are deleted, so nothing can ever serve it.
 */
export async function decideReview(input: Input, context: CallContext) {
  requireAdmin(context, 'review quarantined versions');
  const { pluginId, version, decision, reason } = input;
  const key = `${pluginId}@${version}`;
  const approve = decision === 'approve';
  const held = await db.runTransaction(async (tx) => {
    const reportRef = docs.scanReport(pluginId, version);
    const heldRef = docs.heldVersion(pluginId, version);
    const [report, heldDoc, listing] = await Promise.all([
      tx.get(reportRef),
      tx.get(heldRef),
      tx.get(docs.plugin(pluginId)),
    ]);
    const reportData = report.data();
    const heldData = heldDoc.data();
    if (!reportData || !heldData) throw new ApiError('not-found', `${key} is not in the review queue.`);
    if (reportData.review !== 'pending') {
      throw new ApiError(
        'already-decided',
        `${key} was already ${reportData.review} in review${reportData.decidedBy ? ` (by ${reportData.decidedBy})` : ''}; reload the queue.`,
      );
    }
    const listingData = listing.data();
    const uploadRef = docs.upload(heldData.version.uploadId);
    const upload = await tx.get(uploadRef);
    if (approve) {
      const publisher = (await tx.get(docs.publisher(heldData.version.publisherId))).data();
      tx.create(docs.version(pluginId, version), heldData.version);
      tx.set(docs.readme(pluginId, version), { markdown: heldData.readme });
      listVersion(tx, listingData, heldData.version, {
        publisherName: publisher?.displayName ?? reportData.publisherName,
        publisherVerified: publisher?.verified === true,
      });
      tx.delete(heldRef);
    }
    tx.update(reportRef, {
      review: approve ? 'approved' : 'rejected',
      decidedAt: FieldValue.serverTimestamp(),
      decidedBy: context.email ?? context.uid,
      decisionReason: reason,
    });
    if (upload.exists) {
      tx.update(
        uploadRef,
        approve
          ? { state: 'published', 'steps.published': FieldValue.serverTimestamp() }
          : {
              state: 'rejected',
              'steps.rejected': FieldValue.serverTimestamp(),
              errors: [
                {
                  code: 'review-rejected',
                  message: `${key} was rejected in review by the marketplace administrators: ${reason}`,
                  path: 'plugin.json#/version',
                },
              ],
            },
      );
    }
    recordAdminAction(tx, context, {
      action: approve ? 'review.approve' : 'review.reject',
      targetKind: 'version',
      targetId: key,
      reason,
    });
    return heldData.version;
  });
  if (!approve) {
    // Outside the transaction (Storage): a failure leaves objects nothing references or serves.
    await Promise.all([deleteObject(held.artifactPath), deleteObject(held.envelopePath)]).catch((error: unknown) =>
      logger.warn('Could not delete a rejected version’s registry objects', { key, error }),
    );
    for (const shot of held.screenshots) await deleteObject(shot.path).catch(() => undefined);
  }
  logger.info('Review decided', { key, decision, by: context.uid });
  return { pluginId, version, review: approve ? ('approved' as const) : ('rejected' as const) };
}
