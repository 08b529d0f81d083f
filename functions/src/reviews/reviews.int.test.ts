import {
  FLAG_THRESHOLD,
  moderateReview,
  paths,
  publicReviewId,
  reactToReview,
  recomputeRatings,
  replyToReview,
} from '@mlebotics/shared';
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
  seedInstall,
  seedOrg,
  uniqueId,
  type Client,
} from '@mlebotics/testing';
import type { RulesTestEnvironment } from '@firebase/rules-unit-testing';
import fc from 'fast-check';
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import { deleteDoc, doc, serverTimestamp, setDoc, updateDoc, type Firestore } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileReview } from './aggregate.js';

/**
 * Reviews are written as real users through the security rules (rules-unit-testing contexts:
 * one per user, no Auth accounts needed for 200 of them), and counted by the real trigger.
 * Reactions (helpful votes, flags) go through the `reactToReview` callable as real accounts.
 */
let env: RulesTestEnvironment;
let developer: Client;
let publisherId: string;
let pluginId: string;
let propertyPluginId: string;
const ORG = uniqueId('reviewers');

const asUser = (uid: string) => env.authenticatedContext(uid).firestore() as unknown as Firestore;
const ratingOf = async (id: string) =>
  (await admin.db.doc(paths.plugin(id)).get()).get('rating') as Record<string, unknown>;
const rating = () => ratingOf(pluginId);
const stateOf = async (uid: string, id = pluginId) => (await admin.db.doc(paths.reviewState(id, uid)).get()).data();
const review = (value: number, extra: Record<string, unknown> = {}) => ({
  rating: value,
  title: `Rated ${value}`,
  body: 'Tested on three robots.',
  version: '1.0.0',
  orgId: ORG,
  createdAt: serverTimestamp(),
  updatedAt: serverTimestamp(),
  ...extra,
});
const settleOn = (
  id: string,
  want: { count: number; sum: number; average?: number },
  what: string,
  timeoutMs = 90_000,
) =>
  eventually(
    async () => {
      const r = await ratingOf(id);
      return r.count === want.count && r.sum === want.sum && (want.average === undefined || r.average === want.average)
        ? r
        : undefined;
    },
    what,
    timeoutMs,
  );
const settle = (want: { count: number; sum: number; average?: number }, what: string, timeoutMs?: number) =>
  settleOn(pluginId, want, what, timeoutMs);

/** A real account in its own organization that has the plugin installed (standing to react). */
async function installer(name: string): Promise<{ client: Client; orgId: string; uid: string }> {
  const user = await createUser(`${uniqueId(name)}@example.com`);
  const orgId = uniqueId(name);
  await seedOrg(orgId, name, { [user.uid]: 'owner' });
  await seedInstall(orgId, pluginId);
  return { client: await connectClient(user), orgId, uid: user.uid };
}

beforeAll(async () => {
  await resetEmulators();
  env = await rulesEnvironment();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  publisherId = uniqueId('rated');
  await createPublisher(publisherId, [dev.uid]);
  developer = await connectClient(dev);
  pluginId = `${publisherId}.rated`;
  propertyPluginId = `${publisherId}.shuffled`;
  expect((await publishThroughUpload(developer, publisherId, await packPlugin(pluginId))).state).toBe('published');
  expect((await publishThroughUpload(developer, publisherId, await packPlugin(propertyPluginId))).state).toBe(
    'published',
  );
  const members = Object.fromEntries(Array.from({ length: 210 }, (_, i) => [`user-${i}`, 'operator' as const]));
  await seedOrg(ORG, 'Reviewers', members);
  await seedInstall(ORG, pluginId);
  await seedInstall(ORG, propertyPluginId);
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

  it('attack: deleting and re-creating a review in a loop never counts it more than once', async () => {
    const uid = 'user-2';
    const ref = doc(asUser(uid), paths.review(pluginId, uid));
    await setDoc(ref, review(1));
    for (let cycle = 0; cycle < 8; cycle++) {
      await deleteDoc(ref);
      await setDoc(ref, review(5));
    }
    const r = await settle({ count: 1, sum: 5 }, 'one review, counted once');
    expect(r.histogram).toEqual({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 1 });
    // Nothing more arrives later: the counts stay where they are.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await rating()).toMatchObject({ count: 1, sum: 5 });
    await deleteDoc(ref);
    await settle({ count: 0, sum: 0 }, 'the review gone');
  });

  it('are re-checked on the server: a review without a verified install never counts', async () => {
    // Written with the Admin SDK, as if the rules had been bypassed.
    await admin.db
      .doc(paths.review(pluginId, 'impostor'))
      .set({ ...review(1), orgId: 'nowhere', createdAt: Timestamp.now(), updatedAt: Timestamp.now() });
    const state = await eventually(async () => {
      const data = await stateOf('impostor');
      return data?.status ? data : undefined;
    }, 'the server verdict');
    expect(state.status).toBe('rejected');
    expect(state.counted).toBeNull();
    expect((await admin.db.doc(paths.publicReview(pluginId, publicReviewId(pluginId, 'impostor'))).get()).exists).toBe(
      false,
    );
    expect(await rating()).toMatchObject({ count: 0, sum: 0 });
    await admin.db.doc(paths.review(pluginId, 'impostor')).delete();
  });

  it('property: aggregates equal a recount after any interleaving of writes, deletes and redelivered events', async () => {
    const users = ['p-0', 'p-1', 'p-2'];
    const members = Object.fromEntries(users.map((u) => [u, 'operator']));
    await admin.db.doc(paths.org(ORG)).set({ members, memberIds: users }, { merge: true });
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('write' as const),
        user: fc.constantFrom(...users),
        rating: fc.integer({ min: 1, max: 5 }),
      }),
      fc.record({ kind: fc.constant('delete' as const), user: fc.constantFrom(...users) }),
      fc.record({ kind: fc.constant('redeliver' as const), user: fc.constantFrom(...users) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        // Fired without waiting for one another, so the trigger sees them in any order, and
        // extra "redeliveries" run the handler again at arbitrary points.
        await Promise.all(
          ops.map(async (o, i) => {
            await new Promise((resolve) => setTimeout(resolve, (i * 37) % 50));
            const ref = doc(asUser(o.user), paths.review(propertyPluginId, o.user));
            try {
              if (o.kind === 'write') await setDoc(ref, review(o.rating));
              else if (o.kind === 'delete') await deleteDoc(ref);
              else await reconcileReview(propertyPluginId, o.user);
            } catch (error) {
              // A create that races an existing review is an update the rules refuse (it would
              // rewrite createdAt): legitimate, and the truth below is read from what was stored.
              if ((error as { code?: string }).code !== 'permission-denied') throw error;
            }
          }),
        );
        const truth = async () => {
          const docs = await admin.db.collection(paths.reviews(propertyPluginId)).get();
          const ratings = docs.docs.map((d) => d.get('rating') as number);
          return { count: ratings.length, sum: ratings.reduce((a, b) => a + b, 0) };
        };
        const expected = await truth();
        await settleOn(propertyPluginId, expected, `recount ${JSON.stringify(expected)} after ${JSON.stringify(ops)}`);
        // And it stays there once every event is through.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const { count, sum } = await ratingOf(propertyPluginId);
        expect({ count, sum }).toEqual(await truth());
      }),
      { numRuns: 6 },
    );
  }, 600_000);

  it('stay exact with 200 concurrent reviews by distinct users', async () => {
    const writes = Array.from({ length: 200 }, (_, i) =>
      setDoc(doc(asUser(`user-${i + 10}`), paths.review(pluginId, `user-${i + 10}`)), review((i % 5) + 1)),
    );
    await Promise.all(writes);
    const r = await settle({ count: 200, sum: 600, average: 3 }, '200 concurrent reviews counted', 240_000);
    expect(r.histogram).toEqual({ '1': 40, '2': 40, '3': 40, '4': 40, '5': 40 });
  }, 300_000);

  it('ignore redelivered events, before and after a deletion', async () => {
    const before = await rating();
    const uid = 'user-10';
    await reconcileReview(pluginId, uid);
    await reconcileReview(pluginId, uid);
    expect(await rating()).toEqual(before);
    await admin.db.doc(paths.review(pluginId, uid)).delete();
    const after = await settle(
      { count: (before.count as number) - 1, sum: (before.sum as number) - 1 },
      'the deletion counted',
    );
    await reconcileReview(pluginId, uid);
    await reconcileReview(pluginId, uid);
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

  it('stop counting the reviews of an organization that uninstalled the plugin', async () => {
    const before = await rating();
    const single = uniqueId('leavers');
    await seedOrg(single, 'Leavers', { 'leaver-0': 'owner' });
    await seedInstall(single, pluginId);
    await setDoc(doc(asUser('leaver-0'), paths.review(pluginId, 'leaver-0')), review(5, { orgId: single }));
    await settle({ count: (before.count as number) + 1, sum: (before.sum as number) + 5 }, 'the review counted');
    await admin.db.doc(paths.install(single, pluginId)).delete();
    await settle({ count: before.count as number, sum: before.sum as number }, 'uncounted after the uninstall');
    expect((await stateOf('leaver-0'))?.status).toBe('rejected');
  });
});

describe('public reviews carry only what the page shows', () => {
  it('have an opaque id, no uid or organization, and a name from the account that cannot impersonate', async () => {
    const impostor = await createUser(`${uniqueId('imp')}@example.com`, {
      displayName: 'MLEbotics Marketplace Team (verified)',
    });
    const honest = await createUser(`${uniqueId('hon')}@example.com`, { displayName: 'Grace Hopper' });
    for (const user of [impostor, honest]) {
      await admin.db.doc(paths.org(ORG)).update({ [`members.${user.uid}`]: 'operator' });
      await setDoc(doc(asUser(user.uid), paths.review(pluginId, user.uid)), review(4));
    }
    const shown = async (uid: string) =>
      eventually(async () => {
        const snap = await admin.db.doc(paths.publicReview(pluginId, publicReviewId(pluginId, uid))).get();
        return snap.exists ? snap.data() : undefined;
      }, 'the public copy');
    const fake = await shown(impostor.uid);
    expect(fake.authorName).toBe('Marketplace user');
    expect(JSON.stringify(fake)).not.toContain(impostor.uid);
    expect(JSON.stringify(fake)).not.toContain(ORG);
    expect(Object.keys(fake).sort()).toEqual(
      ['authorName', 'body', 'createdAt', 'helpfulCount', 'rating', 'reply', 'title', 'updatedAt', 'version'].sort(),
    );
    expect((await shown(honest.uid)).authorName).toBe('Grace Hopper');
  });

  it('the author cannot set the shown name (authorName is not a field the rules accept)', async () => {
    await expect(
      setDoc(doc(asUser('user-5'), paths.review(pluginId, 'user-5')), review(5, { authorName: 'Marketplace Team' })),
    ).rejects.toMatchObject({ code: 'permission-denied' });
  });
});

describe('replies, helpful votes, flags and moderation', () => {
  it('lets publisher members reply, once, and nobody else', async () => {
    const target = publicReviewId(pluginId, 'user-20');
    const outsider = await connectClient(await createUser(`${uniqueId('out')}@example.com`));
    await expect(
      outsider.call(replyToReview, { pluginId, reviewId: target, body: 'Fake reply' }),
    ).rejects.toMatchObject({
      code: 'functions/permission-denied',
    });
    await developer.call(replyToReview, { pluginId, reviewId: target, body: 'Thanks, fixed in 1.1.0.' });
    expect((await admin.db.doc(paths.publicReview(pluginId, target)).get()).get('reply')).toMatchObject({
      body: 'Thanks, fixed in 1.1.0.',
      publisherId,
    });
    await outsider.close();
  });

  it('attack: throwaway accounts without an install cannot vote or flag', async () => {
    const target = publicReviewId(pluginId, 'user-21');
    const throwaway = await connectClient(await createUser(`${uniqueId('throw')}@example.com`));
    const ownOrg = uniqueId('throwaway');
    await seedOrg(ownOrg, 'T', { [throwaway.uid!]: 'owner' });
    for (const kind of ['helpful', 'flag'] as const) {
      await expect(
        throwaway.call(reactToReview, { pluginId, reviewId: target, orgId: ownOrg, kind, on: true }),
      ).rejects.toMatchObject({ code: 'functions/permission-denied' });
      // Claiming another organization's standing does not work either.
      await expect(
        throwaway.call(reactToReview, { pluginId, reviewId: target, orgId: ORG, kind, on: true }),
      ).rejects.toMatchObject({ code: 'functions/permission-denied' });
    }
    await throwaway.close();
  });

  it('counts helpful votes once per organization with the plugin installed', async () => {
    const target = publicReviewId(pluginId, 'user-30');
    const [a, b] = [await installer('voter-a'), await installer('voter-b')];
    const second = await createUser(`${uniqueId('voter-a2')}@example.com`);
    await admin.db.doc(paths.org(a.orgId)).update({ [`members.${second.uid}`]: 'operator' });
    const aSecond = await connectClient(second);
    await a.client.call(reactToReview, { pluginId, reviewId: target, orgId: a.orgId, kind: 'helpful', on: true });
    // A second member of the same organization changes nothing: one vote per organization.
    await aSecond.call(reactToReview, { pluginId, reviewId: target, orgId: a.orgId, kind: 'helpful', on: true });
    const result = await b.client.call(reactToReview, {
      pluginId,
      reviewId: target,
      orgId: b.orgId,
      kind: 'helpful',
      on: true,
    });
    expect(result.helpfulCount).toBe(2);
    await a.client.call(reactToReview, { pluginId, reviewId: target, orgId: a.orgId, kind: 'helpful', on: false });
    expect((await admin.db.doc(paths.publicReview(pluginId, target)).get()).get('helpfulCount')).toBe(1);
    // The author's own organization cannot vote for its review.
    const author = await connectClient(await createUser(`${uniqueId('self')}@example.com`));
    await admin.db.doc(paths.org(ORG)).update({ [`members.${author.uid}`]: 'operator' });
    await expect(
      author.call(reactToReview, { pluginId, reviewId: target, orgId: ORG, kind: 'helpful', on: true }),
    ).rejects.toMatchObject({ code: 'functions/permission-denied' });
    await Promise.all([a.client.close(), b.client.close(), aSecond.close(), author.close()]);
  });

  it('hides a review flagged by enough organizations; deleting and re-creating it does not bring it back', async () => {
    const uid = 'user-40';
    const target = publicReviewId(pluginId, uid);
    const start = await rating();
    const targetRating = (await stateOf(uid))!.counted as number;
    const flaggers = await Promise.all(Array.from({ length: FLAG_THRESHOLD }, (_, i) => installer(`flagger-${i}`)));
    for (const f of flaggers) {
      await f.client.call(reactToReview, {
        pluginId,
        reviewId: target,
        orgId: f.orgId,
        kind: 'flag',
        on: true,
        reason: 'Off topic',
      });
    }
    expect(await stateOf(uid)).toMatchObject({ status: 'hidden', moderation: 'hidden', flagCount: FLAG_THRESHOLD });
    expect((await admin.db.doc(paths.publicReview(pluginId, target)).get()).exists).toBe(false);
    await settle(
      { count: (start.count as number) - 1, sum: (start.sum as number) - targetRating },
      'the hidden review uncounted',
    );

    // Attack: the author deletes the hidden review and writes it again.
    const ref = doc(asUser(uid), paths.review(pluginId, uid));
    await deleteDoc(ref);
    await setDoc(ref, review(5));
    await eventually(async () => ((await stateOf(uid))?.rating === 5 ? true : undefined), 'the re-created review seen');
    expect(await stateOf(uid)).toMatchObject({
      status: 'hidden',
      moderation: 'hidden',
      counted: null,
      flagCount: FLAG_THRESHOLD,
    });
    expect((await admin.db.doc(paths.publicReview(pluginId, target)).get()).exists).toBe(false);
    expect(await rating()).toMatchObject({
      count: (start.count as number) - 1,
      sum: (start.sum as number) - targetRating,
    });

    const moderator = await connectClient(await createUser(`${uniqueId('mod')}@example.com`, { admin: true }));
    await expect(
      developer.call(moderateReview, { pluginId, reviewId: target, action: 'restore' }),
    ).rejects.toMatchObject({
      code: 'functions/permission-denied',
    });
    await moderator.call(moderateReview, { pluginId, reviewId: target, action: 'restore' });
    await settle(
      { count: start.count as number, sum: (start.sum as number) - targetRating + 5 },
      'the restored review counted again',
    );
    // The old flags are cleared; one new flag counts as one and does not hide it again.
    await flaggers[0]!.client.call(reactToReview, {
      pluginId,
      reviewId: target,
      orgId: flaggers[0]!.orgId,
      kind: 'flag',
      on: true,
      reason: 'Still off topic',
    });
    expect(await stateOf(uid)).toMatchObject({ status: 'published', flagCount: 1 });
    await moderator.call(moderateReview, { pluginId, reviewId: target, action: 'remove' });
    await settle(
      { count: (start.count as number) - 1, sum: (start.sum as number) - targetRating },
      'the removed review uncounted',
    );
    // Removed stays removed through a delete and re-create as well.
    await deleteDoc(ref);
    await setDoc(ref, review(4));
    await eventually(async () => ((await stateOf(uid))?.rating === 4 ? true : undefined), 'the re-created review seen');
    expect(await stateOf(uid)).toMatchObject({ status: 'removed', counted: null });
    await Promise.all([moderator.close(), ...flaggers.map((f) => f.client.close())]);
  });
});
