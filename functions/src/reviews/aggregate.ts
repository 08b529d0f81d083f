import { FLAG_THRESHOLD, publicReviewId, type ReviewStatus } from '@mlebotics/shared';
import { FieldValue, type Transaction, type UpdateData, type WithFieldValue } from 'firebase-admin/firestore';
import { CONTENDED, db } from '../lib/admin.js';
import { cols, docs, type Stored } from '../lib/documents.js';
import { stampSearchChange } from '../search/changes.js';
import { reviewAuthorName } from './author.js';

type Rating = 1 | 2 | 3 | 4 | 5;
type Counted = Rating | null;
type ReviewState = Stored<'reviewState'>;

/** The listing increments that move the aggregates from counting `from` to counting `to`. */
export function aggregateDelta(from: Counted, to: Counted): UpdateData<Stored<'plugin'>> {
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
  const [org, install] = await Promise.all([tx.get(docs.org(orgId)), tx.get(docs.install(orgId, pluginId))]);
  const members = org.data()?.members;
  return !!members && Object.hasOwn(members, uid) && install.exists;
}

const validRating = (value: unknown): value is Rating =>
  Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5;

const REJECTED = 'Only members of an organization that has this plugin installed can review it.';

/** What a review should be now, from the author's document and the server's state. */
function decide(
  review: Stored<'review'> | undefined,
  moderation: ReviewState['moderation'],
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
  const reviewRef = docs.review(pluginId, uid);
  const stateRef = docs.reviewState(pluginId, uid);
  const listingRef = docs.plugin(pluginId);
  const reviewId = publicReviewId(pluginId, uid);
  const publicRef = docs.publicReview(pluginId, reviewId);
  const authorName = await reviewAuthorName(uid);
  await db.runTransaction(async (tx) => {
    // The listing is not read: its counters change by blind increments, so the reviews of one
    // plugin never contend on it.
    const [reviewSnap, stateSnap] = await Promise.all([tx.get(reviewRef), tx.get(stateRef)]);
    const review = reviewSnap.data();
    const state = stateSnap.data();
    const verified = review ? await verifiedInstall(tx, pluginId, uid, review.orgId) : false;
    const { status, reason } = decide(review, state?.moderation ?? null, verified);
    const current: Counted = state?.counted ?? null;
    const desired: Counted = status === 'published' && review ? review.rating : null;
    if (current !== desired) {
      tx.update(listingRef, aggregateDelta(current, desired));
      stampSearchChange(tx, pluginId);
    }

    const next = {
      counted: desired,
      status,
      statusReason: reason,
      moderation: state?.moderation ?? null,
      reviewId,
      orgId: review ? review.orgId : (state?.orgId ?? null),
      rating: review ? review.rating : (state?.rating ?? null),
      title: review ? review.title : (state?.title ?? ''),
      body: review ? review.body : (state?.body ?? ''),
      authorName,
      helpfulCount: state?.helpfulCount ?? 0,
      flagCount: state?.flagCount ?? 0,
      reply: state?.reply ?? null,
      updatedAt: FieldValue.serverTimestamp(),
    } satisfies WithFieldValue<Omit<ReviewState, 'moderatedBy'>>;
    tx.set(stateRef, next, { merge: true });
    if (review && status !== 'deleted' && (review.status !== status || (review.statusReason ?? null) !== reason)) {
      tx.update(reviewRef, { status, statusReason: reason });
    }
    if (status === 'published' && review) {
      tx.set(publicRef, {
        rating: review.rating,
        title: review.title,
        body: review.body,
        version: review.version,
        authorName,
        createdAt: review.createdAt,
        updatedAt: review.updatedAt,
        helpfulCount: next.helpfulCount,
        reply: next.reply,
      });
    } else {
      tx.delete(publicRef);
    }
  }, CONTENDED);
}

/** The author of a public review: their uid, from the server-only state. */
export async function reviewAuthor(pluginId: string, reviewId: string): Promise<string | undefined> {
  const found = await cols.reviewStates(pluginId).where('reviewId', '==', reviewId).limit(1).get();
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
  const stateRef = docs.reviewState(pluginId, uid);
  const standing = async (orgIds: string[]) => {
    const installs = orgIds.length ? await db.getAll(...orgIds.map((orgId) => docs.install(orgId, pluginId))) : [];
    return installs.filter((snap) => snap.exists).length;
  };
  const [votes, flags] = await Promise.all(
    (['votes', 'flags'] as const).map((kind) => cols.reviewReactions(pluginId, reviewId, kind).listDocuments()),
  );
  const helpfulCount = await standing(votes!.map((ref) => ref.id));
  const flagCount = await standing(flags!.map((ref) => ref.id));
  let hide = false;
  await db.runTransaction(async (tx) => {
    const data = (await tx.get(stateRef)).data();
    if (!data) return;
    hide = flagCount >= FLAG_THRESHOLD && data.moderation === null && data.status === 'published';
    tx.update(stateRef, { helpfulCount, flagCount, ...(hide ? { moderation: 'hidden' as const } : {}) });
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
  if (!(await docs.plugin(pluginId).get()).exists) return undefined;
  const [reviews, states] = await Promise.all([
    cols.reviews(pluginId).listDocuments(),
    cols.reviewStates(pluginId).listDocuments(),
  ]);
  for (const uid of new Set([...reviews, ...states].map((ref) => ref.id))) await reconcileReview(pluginId, uid);
  return db.runTransaction(async (tx) => {
    const listingRef = docs.plugin(pluginId);
    const [listing, counted] = await Promise.all([tx.get(listingRef), tx.get(cols.reviewStates(pluginId))]);
    const histogram = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
    let count = 0;
    let sum = 0;
    for (const state of counted.docs) {
      const rating = state.data().counted;
      if (rating === null) continue;
      count++;
      sum += rating;
      histogram[String(rating) as keyof typeof histogram] += 1;
    }
    const average = count ? Math.round((sum / count) * 100) / 100 : 0;
    const previous = listing.data()?.rating;
    const corrected =
      previous?.count !== count ||
      previous.sum !== sum ||
      JSON.stringify(previous.histogram) !== JSON.stringify(histogram);
    tx.update(listingRef, { rating: { count, sum, average, histogram } });
    stampSearchChange(tx, pluginId);
    return { count, sum, average, corrected };
  });
}

/** Reviews written through an organization, reconciled again (after it uninstalled the plugin). */
export async function reconcileOrgReviews(pluginId: string, orgId: string): Promise<void> {
  const states = await cols.reviewStates(pluginId).where('orgId', '==', orgId).get();
  for (const state of states.docs) await reconcileReview(pluginId, state.id);
}
