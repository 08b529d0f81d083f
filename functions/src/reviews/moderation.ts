import {
  paths,
  type CallableParsedInput,
  type moderateReview,
  type recomputeRatings,
  type replyToReview,
} from '@mlebotics/shared';
import { FieldValue } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import type { CallContext } from '../lib/callable.js';
import { ApiError } from '../lib/errors.js';
import { requirePublisherMember } from '../publishers/publishers.js';
import { recomputeAggregates } from './aggregate.js';

export async function reply(input: CallableParsedInput<typeof replyToReview>, context: CallContext) {
  await db.runTransaction(async (tx) => {
    const listing = await tx.get(db.doc(paths.plugin(input.pluginId)));
    if (!listing.exists) throw new ApiError('not-found', `There is no plugin "${input.pluginId}".`);
    const publisherId = String(listing.get('publisherId'));
    await requirePublisherMember(tx, publisherId, context.uid);
    const reviewRef = db.doc(paths.review(input.pluginId, input.reviewerUid));
    if (!(await tx.get(reviewRef)).exists) throw new ApiError('not-found', 'That review does not exist (any more).');
    tx.update(reviewRef, {
      reply:
        input.body === null
          ? null
          : { body: input.body, by: context.uid, publisherId, at: FieldValue.serverTimestamp() },
    });
  });
  return { ok: true as const };
}

export async function moderate(input: CallableParsedInput<typeof moderateReview>, context: CallContext) {
  if (!context.isAdmin) throw new ApiError('permission-denied', 'Only marketplace administrators moderate reviews.');
  const reviewRef = db.doc(paths.review(input.pluginId, input.reviewerUid));
  const status = input.action === 'restore' ? ('published' as const) : ('removed' as const);
  if (!(await reviewRef.get()).exists) throw new ApiError('not-found', 'That review does not exist (any more).');
  // A restored review starts again with no flags (the old flaggers were heard): they are cleared
  // first, so the flag count (recounted by the flag trigger) cannot hide it again at once.
  if (input.action === 'restore') {
    const writer = db.bulkWriter();
    for (const flag of (await reviewRef.collection('flags').get()).docs) void writer.delete(flag.ref);
    await writer.close();
  }
  await db.runTransaction(async (tx) => {
    if (!(await tx.get(reviewRef)).exists) throw new ApiError('not-found', 'That review does not exist (any more).');
    tx.update(reviewRef, {
      status,
      statusReason: input.action === 'restore' ? null : 'Removed by a moderator.',
      moderation: { by: context.uid, at: FieldValue.serverTimestamp(), action: input.action },
      ...(input.action === 'restore' ? { flagCount: 0 } : {}),
    });
  });
  return { status };
}

export async function recompute(input: CallableParsedInput<typeof recomputeRatings>, context: CallContext) {
  if (!context.isAdmin) throw new ApiError('permission-denied', 'Only marketplace administrators recompute ratings.');
  const result = await recomputeAggregates(input.pluginId);
  if (!result) throw new ApiError('not-found', `There is no plugin "${input.pluginId}".`);
  return result;
}
