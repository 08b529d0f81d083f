import { FLAG_THRESHOLD, paths } from '@mlebotics/shared';
import { FieldValue, type DocumentData, type Transaction } from 'firebase-admin/firestore';
import { CONTENDED, db } from '../lib/admin.js';
import { runOnce } from '../lib/idempotent.js';

type Counted = number | null;

/** The last state of a deleted review, from its deletion event. */
export interface DeletedReview {
  data: DocumentData;
  /** When the review document was created: tells this review from a later one by the same user. */
  createTime: string;
}

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

/** Whether the author really has the plugin installed through the organization they named. */
async function verifiedInstall(tx: Transaction, pluginId: string, uid: string, orgId: unknown): Promise<boolean> {
  if (typeof orgId !== 'string' || !orgId) return false;
  const [org, install] = await Promise.all([
    tx.get(db.doc(paths.org(orgId))),
    tx.get(db.doc(paths.install(orgId, pluginId))),
  ]);
  return !!org.get(`members.${uid}`) && install.exists;
}

const validRating = (value: unknown): value is 1 | 2 | 3 | 4 | 5 =>
  Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5;

/**
 * Makes the plugin's rating aggregates agree with one review. The review itself records what it
 * currently contributes (`counted`); each run compares that with what it should contribute now
 * (its rating when published, nothing otherwise) and applies the difference with blind
 * increments, in one transaction that reads only the review. So the result is exact whatever
 * the order, duplication or concurrency of the events, and reviews of one plugin never contend.
 * New reviews are verified on the server (the author's organization has the plugin installed)
 * before they count. Only deletion events take a deleted review's count back: their `before` is
 * the review's last state, whereas a late update event's `before` may be older.
 */
export async function reconcileReview(pluginId: string, uid: string, deleted?: DeletedReview): Promise<void> {
  const reviewRef = db.doc(paths.review(pluginId, uid));
  const listingRef = db.doc(paths.plugin(pluginId));
  const gone = await db.runTransaction(async (tx) => {
    const review = await tx.get(reviewRef);
    if (!review.exists) return true;
    const data = review.data()!;
    let status = data.status as string | undefined;
    const statusUpdate: Record<string, unknown> = {};
    if (status === undefined) {
      const ok = validRating(data.rating) && (await verifiedInstall(tx, pluginId, uid, data.orgId));
      status = ok ? 'published' : 'rejected';
      statusUpdate.status = status;
      // Present on every review, so that "most helpful" (an order on it) lists them all.
      statusUpdate.helpfulCount = data.helpfulCount ?? 0;
      statusUpdate.flagCount = data.flagCount ?? 0;
      if (!ok) statusUpdate.statusReason = 'Only members of an organization that installed this plugin can review it.';
    }
    const current: Counted = typeof data.counted === 'number' ? data.counted : null;
    const desired: Counted = status === 'published' && validRating(data.rating) ? data.rating : null;
    if (current !== desired) {
      tx.update(listingRef, aggregateDelta(current, desired));
      statusUpdate.counted = desired;
    }
    if (Object.keys(statusUpdate).length) tx.update(reviewRef, statusUpdate);
    return false;
  }, CONTENDED);
  // A deleted review takes back what it counted when it was deleted, once per incarnation of the
  // review (redelivered deletion events share it; a later review by the same user does not).
  if (gone && deleted && typeof deleted.data.counted === 'number') {
    const counted = deleted.data.counted;
    await runOnce(`review-deleted:${pluginId}:${uid}:${deleted.createTime}`, async (tx) => {
      if ((await tx.get(reviewRef)).exists) return;
      tx.update(listingRef, aggregateDelta(counted, null));
    });
  }
}

/**
 * Brings a review's helpful-vote or flag count in line with its `votes` or `flags` subcollection,
 * counted in the transaction. A count (rather than an increment per event) is exact whatever the
 * order or repetition of the events, and after a moderator clears the flags. Enough flags hide a
 * published review pending moderation.
 */
export async function countReactions(kind: 'votes' | 'flags', pluginId: string, uid: string): Promise<void> {
  const reviewRef = db.doc(paths.review(pluginId, uid));
  await db.runTransaction(async (tx) => {
    const [review, counted] = await Promise.all([tx.get(reviewRef), tx.get(reviewRef.collection(kind).count())]);
    if (!review.exists) return;
    const count = counted.data().count;
    if (kind === 'votes') {
      if (review.get('helpfulCount') !== count) tx.update(reviewRef, { helpfulCount: count });
      return;
    }
    const hide = count >= FLAG_THRESHOLD && review.get('status') === 'published';
    if (review.get('flagCount') === count && !hide) return;
    tx.update(reviewRef, {
      flagCount: count,
      ...(hide
        ? { status: 'hidden', statusReason: `Hidden after ${count} users flagged it; a moderator will review it.` }
        : {}),
    });
  }, CONTENDED);
}

/**
 * Recomputes a plugin's aggregates from its reviews (each published review's rating) and brings
 * every review's `counted` in line, in one transaction.
 */
export async function recomputeAggregates(pluginId: string) {
  return db.runTransaction(async (tx) => {
    const [listing, reviews] = await Promise.all([
      tx.get(db.doc(paths.plugin(pluginId))),
      tx.get(db.collection(paths.reviews(pluginId))),
    ]);
    if (!listing.exists) return undefined;
    const histogram: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
    let count = 0;
    let sum = 0;
    const fixes: Array<{ ref: FirebaseFirestore.DocumentReference; counted: Counted }> = [];
    for (const review of reviews.docs) {
      const rating = review.get('rating');
      const desired: Counted = review.get('status') === 'published' && validRating(rating) ? rating : null;
      if ((review.get('counted') ?? null) !== desired) fixes.push({ ref: review.ref, counted: desired });
      if (desired === null) continue;
      count++;
      sum += desired;
      histogram[String(desired)]! += 1;
    }
    if (fixes.length > 450)
      throw new Error(
        `${fixes.length} reviews of ${pluginId} are out of step; run the recompute again after the triggers catch up.`,
      );
    const average = count ? Math.round((sum / count) * 100) / 100 : 0;
    const previous = listing.get('rating') ?? {};
    const corrected =
      previous.count !== count ||
      previous.sum !== sum ||
      JSON.stringify(previous.histogram) !== JSON.stringify(histogram);
    tx.update(listing.ref, { rating: { count, sum, average, histogram } });
    for (const fix of fixes) tx.update(fix.ref, { counted: fix.counted });
    return { count, sum, average, corrected };
  });
}
