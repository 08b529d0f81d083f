import {
  collections,
  FLAG_THRESHOLD,
  listModerationQueue,
  moderateReview,
  paths,
  publicReviewId,
  reactToReview,
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
import { doc, serverTimestamp, setDoc, type Firestore } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let env: RulesTestEnvironment;
let moderator: Client;
const clients: Client[] = [];
let pluginId: string;
const ORG = uniqueId('reviewers');
const AUTHORS = ['author-hidden', 'author-flagged'];

const stateOf = async (uid: string) => (await admin.db.doc(paths.reviewState(pluginId, uid)).get()).data();

/** An organization (with one owner) that has the plugin installed: standing to flag. */
async function flagger(name: string): Promise<{ client: Client; orgId: string }> {
  const user = await createUser(`${uniqueId(name)}@example.com`);
  const orgId = uniqueId(name);
  await seedOrg(orgId, name, { [user.uid]: 'owner' });
  await seedInstall(orgId, pluginId);
  const client = await connectClient(user);
  clients.push(client);
  return { client, orgId };
}

async function flag(uid: string, by: { client: Client; orgId: string }, reason: string) {
  await by.client.call(reactToReview, {
    pluginId,
    reviewId: publicReviewId(pluginId, uid),
    orgId: by.orgId,
    kind: 'flag',
    on: true,
    reason,
  });
}

beforeAll(async () => {
  await resetEmulators();
  env = await rulesEnvironment();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  const publisherId = uniqueId('moder');
  await createPublisher(publisherId, [dev.uid]);
  const developer = await connectClient(dev);
  clients.push(developer);
  pluginId = `${publisherId}.reviewed`;
  expect((await publishThroughUpload(developer, publisherId, await packPlugin(pluginId))).state).toBe('published');
  await seedOrg(ORG, 'Reviewers', Object.fromEntries(AUTHORS.map((uid) => [uid, 'operator' as const])));
  await seedInstall(ORG, pluginId);
  for (const uid of AUTHORS) {
    const db = env.authenticatedContext(uid).firestore() as unknown as Firestore;
    await setDoc(doc(db, paths.review(pluginId, uid)), {
      rating: 1,
      title: `Review by ${uid}`,
      body: 'This plugin is a scam, buy mine instead.',
      version: '1.0.0',
      orgId: ORG,
      createdAt: serverTimestamp(),
      updatedAt: serverTimestamp(),
    });
  }
  await eventually(
    async () => ((await Promise.all(AUTHORS.map(stateOf))).every((s) => s?.status === 'published') ? true : undefined),
    'both reviews published',
    90_000,
  );
  const flaggers = await Promise.all(Array.from({ length: FLAG_THRESHOLD }, (_, i) => flagger(`flagger-${i}`)));
  for (const f of flaggers) await flag('author-hidden', f, 'Advertises another product');
  await flag('author-flagged', flaggers[0]!, 'Rude');
  moderator = await connectClient(await createUser(`${uniqueId('mod')}@example.com`, { admin: true }));
}, 300_000);
afterAll(async () => {
  await Promise.all([moderator, ...clients].map((c) => c?.close()));
  await env?.cleanup();
});

describe('the moderation queue', () => {
  it('lists flagged and hidden reviews with the plugin, flag count and reasons', async () => {
    const { items, truncated } = await moderator.call(listModerationQueue, {});
    expect(truncated).toBe(false);
    const byId = new Map(items.map((i) => [i.reviewId, i]));
    expect(byId.get(publicReviewId(pluginId, 'author-hidden'))).toMatchObject({
      pluginId,
      title: 'Review by author-hidden',
      status: 'hidden',
      flagCount: FLAG_THRESHOLD,
      reasons: Array.from({ length: FLAG_THRESHOLD }, () => 'Advertises another product'),
    });
    expect(byId.get(publicReviewId(pluginId, 'author-flagged'))).toMatchObject({
      status: 'published',
      flagCount: 1,
      reasons: ['Rude'],
    });
    expect(items).toHaveLength(2);
  });

  it('removes and restores with the reason logged once per action', async () => {
    const hidden = publicReviewId(pluginId, 'author-hidden');
    const flagged = publicReviewId(pluginId, 'author-flagged');
    await expect(
      moderator.call(moderateReview, { pluginId, reviewId: hidden, action: 'remove', reason: 'Spam for a competitor' }),
    ).resolves.toEqual({ status: 'removed' });
    await expect(
      moderator.call(moderateReview, { pluginId, reviewId: flagged, action: 'restore', reason: 'Harsh but fair' }),
    ).resolves.toEqual({ status: 'published' });
    expect(await stateOf('author-flagged')).toMatchObject({ status: 'published', flagCount: 0 });

    const { items } = await moderator.call(listModerationQueue, {});
    // The restored review leaves the queue (its flags are cleared); the removed one stays, to restore.
    expect(items.map((i) => [i.reviewId, i.status])).toEqual([[hidden, 'removed']]);

    const audit = (await admin.db.collection(collections.adminAudit).get()).docs.map((d) => d.data());
    expect(audit.map((e) => [e.action, e.targetKind, e.targetId, e.reason]).sort()).toEqual([
      ['review-moderation.remove', 'review', `${pluginId}/${hidden}`, 'Spam for a competitor'],
      ['review-moderation.restore', 'review', `${pluginId}/${flagged}`, 'Harsh but fair'],
    ]);
  });
});
