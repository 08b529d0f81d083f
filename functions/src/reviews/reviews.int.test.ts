import { FLAG_THRESHOLD, moderateReview, paths, recomputeRatings, replyToReview } from '@mlebotics/shared';
import {
  admin,
  connectClient,
  createPublisher,
  createUser,
  eventually,
  packPlugin,
  publishThroughUpload,
  resetEmulators,
  rulesEnvironment,
  uniqueId,
  type Client,
} from '@mlebotics/testing';
import type { RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import { deleteDoc, doc, serverTimestamp, setDoc, updateDoc, type Firestore } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileReview } from './aggregate.js';

/**
 * Reviews are written as real users through the security rules (rules-unit-testing contexts:
 * one per user, no Auth accounts needed for 200 of them), and counted by the real trigger.
 */
let env: RulesTestEnvironment;
let developer: Client;
let publisherUid: string;
let pluginId: string;
const ORG = uniqueId('reviewers');

const asUser = (uid: string) => env.authenticatedContext(uid).firestore() as unknown as Firestore;
const rating = async () => (await admin.db.doc(paths.plugin(pluginId)).get()).get('rating') as Record<string, unknown>;
const review = (value: number, extra: Record<string, unknown> = {}) => ({
  rating: value,
  title: `Rated ${value}`,
  body: 'Tested on three robots.',
  version: '1.0.0',
  orgId: ORG,
  authorName: 'Tester',
  createdAt: serverTimestamp(),
  updatedAt: serverTimestamp(),
  ...extra,
});
const settle = (want: { count: number; sum: number; average?: number }, what: string, timeoutMs = 90_000) =>
  eventually(
    async () => {
      const r = await rating();
      return r.count === want.count && r.sum === want.sum && (want.average === undefined || r.average === want.average)
        ? r
        : undefined;
    },
    what,
    timeoutMs,
  );

beforeAll(async () => {
  await resetEmulators();
  env = await rulesEnvironment();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  publisherUid = dev.uid;
  const publisherId = uniqueId('rated');
  await createPublisher(publisherId, [dev.uid]);
  developer = await connectClient(dev);
  pluginId = `${publisherId}.rated`;
  expect((await publishThroughUpload(developer, publisherId, await packPlugin(pluginId))).state).toBe('published');
  const members = Object.fromEntries(Array.from({ length: 210 }, (_, i) => [`user-${i}`, 'operator']));
  await admin.db.doc(paths.org(ORG)).set({ name: 'Reviewers', members, memberIds: Object.keys(members) });
  await admin.db.doc(paths.install(ORG, pluginId)).set({ version: '1.0.0', pluginId });
}, 300_000);
afterAll(async () => {
  await developer?.close();
  await env?.cleanup();
});

describe('rating aggregates', () => {
  it('follow creates, edits and deletes exactly, with the histogram and average', async () => {
    await setDoc(doc(asUser('user-0'), paths.review(pluginId, 'user-0')), review(5));
    await setDoc(doc(asUser('user-1'), paths.review(pluginId, 'user-1')), review(3));
    let r = await settle({ count: 2, sum: 8, average: 4 }, 'two reviews counted');
    expect(r.histogram).toEqual({ '1': 0, '2': 0, '3': 1, '4': 0, '5': 1 });
    await updateDoc(doc(asUser('user-1'), paths.review(pluginId, 'user-1')), {
      rating: 1,
      updatedAt: serverTimestamp(),
    });
    r = await settle({ count: 2, sum: 6, average: 3 }, 'the edit counted');
    expect(r.histogram).toEqual({ '1': 1, '2': 0, '3': 0, '4': 0, '5': 1 });
    await deleteDoc(doc(asUser('user-0'), paths.review(pluginId, 'user-0')));
    r = await settle({ count: 1, sum: 1, average: 1 }, 'the delete counted');
    expect(r.histogram).toEqual({ '1': 1, '2': 0, '3': 0, '4': 0, '5': 0 });
    await deleteDoc(doc(asUser('user-1'), paths.review(pluginId, 'user-1')));
    await settle({ count: 0, sum: 0, average: 0 }, 'back to none');
    expect((await admin.db.doc(paths.plugin(pluginId)).get()).get('ratingAtLeast')).toEqual({
      '1': false,
      '2': false,
      '3': false,
      '4': false,
    });
  });

  it('are re-checked on the server: a review without a verified install never counts', async () => {
    // Written with the Admin SDK, as if the rules had been bypassed.
    await admin.db
      .doc(paths.review(pluginId, 'impostor'))
      .set({ ...review(1), orgId: 'nowhere', createdAt: Timestamp.now(), updatedAt: Timestamp.now() });
    const doc = await eventually(async () => {
      const data = (await admin.db.doc(paths.review(pluginId, 'impostor')).get()).data();
      return data?.status ? data : undefined;
    }, 'the server verdict');
    expect(doc.status).toBe('rejected');
    expect(doc.counted).toBeUndefined();
    expect(await rating()).toMatchObject({ count: 0, sum: 0 });
    await admin.db.doc(paths.review(pluginId, 'impostor')).delete();
  });

  it('stay exact with 200 concurrent reviews by distinct users', async () => {
    const writes = Array.from({ length: 200 }, (_, i) =>
      setDoc(doc(asUser(`user-${i + 10}`), paths.review(pluginId, `user-${i + 10}`)), review((i % 5) + 1)),
    );
    await Promise.all(writes);
    const r = await settle({ count: 200, sum: 600, average: 3 }, '200 concurrent reviews counted', 240_000);
    expect(r.histogram).toEqual({ '1': 40, '2': 40, '3': 40, '4': 40, '5': 40 });
  }, 300_000);

  it('ignore a redelivered event', async () => {
    const before = await rating();
    // The create or update event of a counted review, delivered again (twice).
    const uid = 'user-10';
    await reconcileReview(pluginId, uid);
    await reconcileReview(pluginId, uid);
    expect(await rating()).toEqual(before);
    // The deletion: the trigger counts it once; the same deletion event delivered twice more, and
    // a late update event, change nothing.
    const snapshot = await admin.db.doc(paths.review(pluginId, uid)).get();
    await snapshot.ref.delete();
    const after = await settle(
      { count: (before.count as number) - 1, sum: (before.sum as number) - 1 },
      'the deletion counted',
    );
    const deletion = {
      data: snapshot.data()!,
      createTime: `${snapshot.createTime!.seconds}.${snapshot.createTime!.nanoseconds}`,
    };
    await reconcileReview(pluginId, uid, deletion);
    await reconcileReview(pluginId, uid, deletion);
    await reconcileReview(pluginId, uid);
    // (average is derived by another trigger and may still be catching up)
    const { count, sum, histogram } = await rating();
    expect({ count, sum, histogram }).toEqual({ count: after.count, sum: after.sum, histogram: after.histogram });
  });

  it('can be recomputed from the reviews by marketplace administrators', async () => {
    await admin.db
      .doc(paths.plugin(pluginId))
      .update({ 'rating.count': FieldValue.increment(7), 'rating.sum': FieldValue.increment(3) });
    const moderator = await connectClient(await createUser(`${uniqueId('mod')}@example.com`, { admin: true }));
    await expect(developer.call(recomputeRatings, { pluginId })).rejects.toMatchObject({
      code: 'functions/permission-denied',
    });
    const result = await moderator.call(recomputeRatings, { pluginId });
    expect(result).toMatchObject({ count: 199, sum: 599, corrected: true });
    await moderator.close();
  });
});

describe('replies, helpful votes and moderation', () => {
  it('lets publisher members reply, once, and nobody else', async () => {
    const target = 'user-20';
    const outsider = await connectClient(await createUser(`${uniqueId('out')}@example.com`));
    await expect(
      outsider.call(replyToReview, { pluginId, reviewerUid: target, body: 'Fake reply' }),
    ).rejects.toMatchObject({
      code: 'functions/permission-denied',
    });
    await developer.call(replyToReview, { pluginId, reviewerUid: target, body: 'Thanks, fixed in 1.1.0.' });
    expect((await admin.db.doc(paths.review(pluginId, target)).get()).get('reply')).toMatchObject({
      body: 'Thanks, fixed in 1.1.0.',
      by: publisherUid,
    });
    await outsider.close();
  });

  it('counts helpful votes once per user', async () => {
    const target = 'user-30';
    await Promise.all(
      ['user-31', 'user-32', 'user-33'].map((voter) =>
        setDoc(doc(asUser(voter), paths.reviewVote(pluginId, target, voter)), { at: serverTimestamp() }),
      ),
    );
    await eventually(
      async () =>
        (await admin.db.doc(paths.review(pluginId, target)).get()).get('helpfulCount') === 3 ? true : undefined,
      'three votes',
    );
    await deleteDoc(doc(asUser('user-31'), paths.reviewVote(pluginId, target, 'user-31')));
    await eventually(
      async () =>
        (await admin.db.doc(paths.review(pluginId, target)).get()).get('helpfulCount') === 2 ? true : undefined,
      'a vote taken back',
    );
  });

  it('hides a review flagged by several users, uncounted until a moderator restores it', async () => {
    const target = 'user-40';
    const start = await rating();
    const targetRating = (await admin.db.doc(paths.review(pluginId, target)).get()).get('rating') as number;
    await Promise.all(
      Array.from({ length: FLAG_THRESHOLD }, (_, i) => `user-${41 + i}`).map((flagger) =>
        setDoc(doc(asUser(flagger), paths.reviewFlag(pluginId, target, flagger)), {
          at: serverTimestamp(),
          reason: 'Off topic',
        }),
      ),
    );
    await eventually(
      async () =>
        (await admin.db.doc(paths.review(pluginId, target)).get()).get('status') === 'hidden' ? true : undefined,
      'the review hidden',
    );
    await settle(
      { count: (start.count as number) - 1, sum: (start.sum as number) - targetRating },
      'the hidden review uncounted',
    );
    const moderator = await connectClient(await createUser(`${uniqueId('mod')}@example.com`, { admin: true }));
    await expect(
      developer.call(moderateReview, { pluginId, reviewerUid: target, action: 'restore' }),
    ).rejects.toMatchObject({ code: 'functions/permission-denied' });
    await moderator.call(moderateReview, { pluginId, reviewerUid: target, action: 'restore' });
    await settle({ count: start.count as number, sum: start.sum as number }, 'the restored review counted again');
    // The old flags are cleared; one new flag counts as one and does not hide it again.
    await setDoc(doc(asUser('user-44'), paths.reviewFlag(pluginId, target, 'user-44')), {
      at: serverTimestamp(),
      reason: 'Still off topic',
    });
    await eventually(
      async () =>
        (await admin.db.doc(paths.review(pluginId, target)).get()).get('flagCount') === 1 ? true : undefined,
      'one new flag counted',
    );
    expect((await admin.db.doc(paths.review(pluginId, target)).get()).get('status')).toBe('published');
    await moderator.call(moderateReview, { pluginId, reviewerUid: target, action: 'remove' });
    await settle(
      { count: (start.count as number) - 1, sum: (start.sum as number) - targetRating },
      'the removed review uncounted',
    );
    await moderator.close();
  });
});
