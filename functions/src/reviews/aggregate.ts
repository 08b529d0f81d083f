import {
  FLAG_THRESHOLD,
  paths,
  publicReviewId,
  type PublicReviewDoc,
  type ReviewStateDoc,
  type ReviewStatus,
} from '@mlebotics/shared';
import { FieldValue, type DocumentData, type Transaction } from 'firebase-admin/firestore';
import { CONTENDED, db } from '../lib/admin.js';
import { reviewAuthorName } from './author.js';

type Counted = number | null;

/** The listing increments that move the aggregates from counting `from` to counting `to`. */
export function aggregateDelta(from: Counted, to: Counted): Record<string, FieldValue> {
  const delta: Record<string, number> = {};
  const add = (key: string, value: number) => (delta[key] = (delta[key] ?? 0) + value);
  if (from !== null) {
    add('rating.count', -1);
    add('rating.sum', -from);
    add(`rating.histogram.${from}`, -1);
  }
  if (to !== null) {
    add('rating.count', 1);
    add('rating.sum', to);
    add(`rating.histogram.${to}`, 1);
  }
  return Object.fromEntries(
    Object.entries(delta)
      .filter(([, v]) => v !== 0)
      .map(([k, v]) => [k, FieldValue.increment(v)]),
  );
}

/** Whether `uid` is a member of `orgId` and that organization has the plugin installed. */
export async function verifiedInstall(
  tx: Transaction,
  pluginId: string,
  uid: string,
  orgId: unknown,
): Promise<boolean> {
  if (typeof orgId !== 'string' || !/^[a-z0-9-]{3,40}$/.test(orgId)) return false;
  const [org, install] = await Promise.all([
    tx.get(db.doc(paths.org(orgId))),
    tx.get(db.doc(paths.install(orgId, pluginId))),
  ]);
  const members = org.get('members') as Record<string, unknown> | undefined;
  return !!members && Object.hasOwn(members, uid) && install.exists;
}

const validRating = (value: unknown): value is 1 | 2 | 3 | 4 | 5 =>
  Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5;

const REJECTED = 'Only members of an organization that has this plugin installed can review it.';

/** What a review should be now, from the author's document and the server's state. */
function decide(
  review: DocumentData | undefined,
  moderation: ReviewStateDoc['moderation'],
  verified: boolean,
): { status: ReviewStatus | 'deleted'; reason: string | null } {
  if (!review) return { status: 'deleted', reason: null };
  if (moderation === 'removed') return { status: 'removed', reason: 'Removed by a moderator.' };
  if (moderation === 'hidden')
    return { status: 'hidden', reason: 'Hidden after several organizations flagged it; a moderator will review it.' };
  if (!validRating(review.rating) || !verified) return { status: 'rejected', reason: REJECTED };
  return { status: 'published', reason: null };
}

/**
 * Makes everything derived from one author's review agree with the truth: the plugin's rating
 * aggregates, the server-only review state, the author's status mirror and the public copy.
 *
 * The state document (server-only, never deleted) records what the review currently adds to
 * the aggregates (`counted`); each run compares it with what the review should add now — its
 * rating if the review exists, is verified (the author is a member of an organization that has
 * the plugin installed) and not hidden or removed; nothing otherwise — and applies the
 * difference with blind increments in the same transaction. The truth is read, never taken from
 * the event, so the result is exact whatever the order, duplication or interleaving of events
 * (a delete and a re-create before either event runs end in one counted review), and deleting
 * the review cannot reset its moderation, which lives in the state.
 */
export async function reconcileReview(pluginId: string, uid: string): Promise<void> {
  const reviewRef = db.doc(paths.review(pluginId, uid));
  const stateRef = db.doc(paths.reviewState(pluginId, uid));
  const listingRef = db.doc(paths.plugin(pluginId));
  const reviewId = publicReviewId(pluginId, uid);
  const publicRef = db.doc(paths.publicReview(pluginId, reviewId));
  const authorName = await reviewAuthorName(uid);
  await db.runTransaction(async (tx) => {
    // The listing is not read: its counters change by blind increments, so the reviews of one
    // plugin never contend on it.
    const [reviewSnap, stateSnap] = await Promise.all([tx.get(reviewRef), tx.get(stateRef)]);
    const review = reviewSnap.exists ? reviewSnap.data()! : undefined;
    const state = (stateSnap.exists ? stateSnap.data() : undefined) as ReviewStateDoc | undefined;
    const verified = review ? await verifiedInstall(tx, pluginId, uid, review.orgId) : false;
    const { status, reason } = decide(review, state?.moderation ?? null, verified);
    const current: Counted = typeof state?.counted === 'number' ? state.counted : null;
    const desired: Counted = status === 'published' ? (review!.rating as number) : null;
    if (current !== desired) tx.update(listingRef, aggregateDelta(current, desired));

    const next: Partial<ReviewStateDoc<FieldValue>> = {
      counted: desired,
      status,
      statusReason: reason,
      moderation: state?.moderation ?? null,
      reviewId,
      orgId: typeof review?.orgId === 'string' ? review.orgId : (state?.orgId ?? null),
      rating: review ? (review.rating as number) : (state?.rating ?? null),
      title: review ? String(review.title) : (state?.title ?? ''),
      body: review ? String(review.body) : (state?.body ?? ''),
      authorName,
      helpfulCount: state?.helpfulCount ?? 0,
      flagCount: state?.flagCount ?? 0,
      reply: (state?.reply ?? null) as ReviewStateDoc<FieldValue>['reply'],
      updatedAt: FieldValue.serverTimestamp(),
    };
    tx.set(stateRef, next, { merge: true });
    if (review && (review.status !== status || (review.statusReason ?? null) !== reason)) {
      tx.update(reviewRef, { status, statusReason: reason });
    }
    if (status === 'published') {
      const shown: PublicReviewDoc<unknown> = {
        rating: review!.rating as PublicReviewDoc['rating'],
        title: String(review!.title),
        body: String(review!.body),
        version: String(review!.version),
        authorName,
        createdAt: review!.createdAt ?? FieldValue.serverTimestamp(),
        updatedAt: review!.updatedAt ?? FieldValue.serverTimestamp(),
        helpfulCount: next.helpfulCount!,
        reply: (next.reply ?? null) as PublicReviewDoc<unknown>['reply'],
      };
      tx.set(publicRef, shown);
    } else {
      tx.delete(publicRef);
    }
  }, CONTENDED);
}

/** The author of a public review: their uid, from the server-only state. */
export async function reviewAuthor(pluginId: string, reviewId: string): Promise<string | undefined> {
  const found = await db.collection(paths.reviewStates(pluginId)).where('reviewId', '==', reviewId).limit(1).get();
  return found.docs[0]?.id;
}

/**
 * Recounts a review's helpful votes and flags from their per-organization documents, counting
 * only organizations that still have the plugin installed. Flags from FLAG_THRESHOLD of them
 * hide the review (a moderation decision kept in the state) until an administrator decides.
 */
export async function countReactions(
  pluginId: string,
  uid: string,
): Promise<{ helpfulCount: number; flagCount: number }> {
  const reviewId = publicReviewId(pluginId, uid);
  const publicRef = db.doc(paths.publicReview(pluginId, reviewId));
  const stateRef = db.doc(paths.reviewState(pluginId, uid));
  const standing = async (orgIds: string[]) => {
    const installs = orgIds.length
      ? await db.getAll(...orgIds.map((orgId) => db.doc(paths.install(orgId, pluginId))))
      : [];
    return installs.filter((snap) => snap.exists).length;
  };
  const [votes, flags] = await Promise.all(
    (['votes', 'flags'] as const).map((kind) => publicRef.collection(kind).listDocuments()),
  );
  const helpfulCount = await standing(votes!.map((ref) => ref.id));
  const flagCount = await standing(flags!.map((ref) => ref.id));
  let hide = false;
  await db.runTransaction(async (tx) => {
    const state = await tx.get(stateRef);
    if (!state.exists) return;
    const data = state.data() as ReviewStateDoc;
    hide = flagCount >= FLAG_THRESHOLD && data.moderation === null && data.status === 'published';
    tx.update(stateRef, { helpfulCount, flagCount, ...(hide ? { moderation: 'hidden' } : {}) });
  }, CONTENDED);
  await reconcileReview(pluginId, uid);
  return { helpfulCount, flagCount };
}

/**
 * Recounts a plugin's aggregates from the truth: every review (and every state left by a deleted
 * one) is reconciled again, then the counted ratings are summed in one transaction and written
 * over the incremental counters. Reports whether they had drifted.
 */
export async function recomputeAggregates(pluginId: string) {
  if (!(await db.doc(paths.plugin(pluginId)).get()).exists) return undefined;
  const [reviews, states] = await Promise.all([
    db.collection(paths.reviews(pluginId)).listDocuments(),
    db.collection(paths.reviewStates(pluginId)).listDocuments(),
  ]);
  for (const uid of new Set([...reviews, ...states].map((ref) => ref.id))) await reconcileReview(pluginId, uid);
  return db.runTransaction(async (tx) => {
    const [listing, counted] = await Promise.all([
      tx.get(db.doc(paths.plugin(pluginId))),
      tx.get(db.collection(paths.reviewStates(pluginId))),
    ]);
    const histogram: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
    let count = 0;
    let sum = 0;
    for (const state of counted.docs) {
      const rating = state.get('counted');
      if (!validRating(rating)) continue;
      count++;
      sum += rating;
      histogram[String(rating)]! += 1;
    }
    const average = count ? Math.round((sum / count) * 100) / 100 : 0;
    const previous = listing.get('rating') ?? {};
    const corrected =
      previous.count !== count ||
      previous.sum !== sum ||
      JSON.stringify(previous.histogram) !== JSON.stringify(histogram);
    tx.update(listing.ref, { rating: { count, sum, average, histogram } });
    return { count, sum, average, corrected };
  });
}

/** Reviews written through an organization, reconciled again (after it uninstalled the plugin). */
export async function reconcileOrgReviews(pluginId: string, orgId: string): Promise<void> {
  const states = await db.collection(paths.reviewStates(pluginId)).where('orgId', '==', orgId).get();
  for (const state of states.docs) await reconcileReview(pluginId, state.id);
}
