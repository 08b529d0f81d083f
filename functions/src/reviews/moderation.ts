import {
  publicReviewId,
  type CallableParsedInput,
  type moderateReview as moderateReviewContract,
  type reactToReview as reactToReviewContract,
  type recomputeRatings as recomputeRatingsContract,
  type replyToReview as replyToReviewContract,
} from '@mlebotics/shared';
import { FieldValue } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { cols, docs } from '../lib/documents.js';
import type { CallContext } from '../lib/callable.js';
import { ApiError } from '../lib/errors.js';
import { requirePublisherMember } from '../lib/access.js';
import { recordAdminAction, requireAdmin } from '../admin/audit.js';
import { countReactions, recomputeAggregates, reconcileReview, reviewAuthor, verifiedInstall } from './aggregate.js';

const GONE = 'That review does not exist (any more).';

/** The author of a review by its public id, or not-found. */
async function authorOf(pluginId: string, reviewId: string): Promise<string> {
  const uid = await reviewAuthor(pluginId, reviewId);
  if (!uid) throw new ApiError('not-found', GONE);
  return uid;
}

export async function replyToReview(input: CallableParsedInput<typeof replyToReviewContract>, context: CallContext) {
  const uid = await authorOf(input.pluginId, input.reviewId);
  await db.runTransaction(async (tx) => {
    const listing = (await tx.get(docs.plugin(input.pluginId))).data();
    if (!listing) throw new ApiError('not-found', `There is no plugin "${input.pluginId}".`);
    const publisherId = listing.publisherId;
    await requirePublisherMember(tx, publisherId, context.uid);
    const stateRef = docs.reviewState(input.pluginId, uid);
    if (!(await tx.get(stateRef)).exists) throw new ApiError('not-found', GONE);
    tx.update(stateRef, {
      reply: input.body === null ? null : { body: input.body, publisherId, at: FieldValue.serverTimestamp() },
    });
  });
  await reconcileReview(input.pluginId, uid);
  return { ok: true as const };
}

export async function moderateReview(input: CallableParsedInput<typeof moderateReviewContract>, context: CallContext) {
  requireAdmin(context, 'moderate reviews');
  const uid = await authorOf(input.pluginId, input.reviewId);
  const stateRef = docs.reviewState(input.pluginId, uid);
  // A restored review starts again with no flags (the flagging organizations were heard): they
  // are cleared first, so the recount cannot hide it again at once.
  if (input.action === 'restore') {
    const flags = await cols
      .reviewReactions(input.pluginId, publicReviewId(input.pluginId, uid), 'flags')
      .listDocuments();
    const writer = db.bulkWriter();
    for (const flag of flags) void writer.delete(flag);
    await writer.close();
  }
  await db.runTransaction(async (tx) => {
    if (!(await tx.get(stateRef)).exists) throw new ApiError('not-found', GONE);
    recordAdminAction(tx, context, {
      action: input.action === 'restore' ? 'review-moderation.restore' : 'review-moderation.remove',
      targetKind: 'review',
      targetId: `${input.pluginId}/${input.reviewId}`,
      reason: input.reason || null,
    });
    tx.update(stateRef, {
      moderation: input.action === 'restore' ? null : 'removed',
      moderatedBy: { uid: context.uid, at: FieldValue.serverTimestamp(), action: input.action },
      ...(input.action === 'restore' ? { flagCount: 0 } : {}),
    });
  });
  await reconcileReview(input.pluginId, uid);
  const state = (await stateRef.get()).data();
  return { status: state?.status === 'removed' ? ('removed' as const) : ('published' as const) };
}

/**
 * A helpful vote or a flag, one per organization: the caller must be a member of `orgId`, the
 * organization must have the plugin installed (the same standing a review needs), and it may
 * not be the author or the author's organization. Throwaway accounts have no standing.
 */
export async function reactToReview(input: CallableParsedInput<typeof reactToReviewContract>, context: CallContext) {
  const uid = await authorOf(input.pluginId, input.reviewId);
  const kind = input.kind === 'helpful' ? ('votes' as const) : ('flags' as const);
  const reactionRef = docs.reviewReaction(input.pluginId, input.reviewId, kind, input.orgId);
  await db.runTransaction(async (tx) => {
    const state = (await tx.get(docs.reviewState(input.pluginId, uid))).data();
    if (state?.status !== 'published') throw new ApiError('not-found', GONE);
    if (uid === context.uid || state.orgId === input.orgId) {
      throw new ApiError('permission-denied', 'You cannot vote on or flag a review from your own organization.');
    }
    if (!(await verifiedInstall(tx, input.pluginId, context.uid, input.orgId))) {
      throw new ApiError(
        'permission-denied',
        `Only members of an organization that has ${input.pluginId} installed can vote on or flag its reviews; install it in ${input.orgId} first.`,
      );
    }
    if (input.on) {
      tx.set(reactionRef, {
        by: context.uid,
        at: FieldValue.serverTimestamp(),
        ...(kind === 'flags' ? { reason: input.reason ?? '' } : {}),
      });
    } else {
      tx.delete(reactionRef);
    }
  });
  const counts = await countReactions(input.pluginId, uid);
  return {
    helpfulCount: counts.helpfulCount,
    flagged: kind === 'flags' && input.on,
    voted: kind === 'votes' && input.on,
  };
}

export async function recomputeRatings(
  input: CallableParsedInput<typeof recomputeRatingsContract>,
  context: CallContext,
) {
  if (!context.isAdmin) throw new ApiError('permission-denied', 'Only marketplace administrators recompute ratings.');
  const result = await recomputeAggregates(input.pluginId);
  if (!result) throw new ApiError('not-found', `There is no plugin "${input.pluginId}".`);
  return result;
}
