import {
  createOrg,
  createPublisher,
  deprecate,
  install,
  listInstalled,
  paths,
  setPublisherMember,
  respondToInvitation,
  setPublisherVerified,
  updateListing,
  yankVersion,
} from '@mlebotics/shared';
import {
  admin,
  connectClient,
  createUser,
  packPlugin,
  publishThroughUpload,
  resetEmulators,
  uniqueId,
  type Client,
  type TestUser,
} from '@mlebotics/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let owner: Client;
let ownerUser: TestUser;
let member: Client;
let memberUser: TestUser;
let outsider: Client;
let moderator: Client;
let publisherId: string;
let pluginId: string;
const listing = async (id: string) => (await admin.db.doc(paths.plugin(id)).get()).data()!;

beforeAll(async () => {
  await resetEmulators();
  ownerUser = await createUser(`${uniqueId('owner')}@example.com`);
  memberUser = await createUser(`${uniqueId('member')}@example.com`);
  owner = await connectClient(ownerUser);
  member = await connectClient(memberUser);
  outsider = await connectClient(await createUser(`${uniqueId('outsider')}@example.com`));
  moderator = await connectClient(await createUser(`${uniqueId('mod')}@example.com`, { admin: true }));
  publisherId = uniqueId('maker');
  await owner.call(createPublisher, { publisherId, displayName: 'Maker Labs' });
  const { invitationId } = await owner.call(setPublisherMember, {
    publisherId,
    email: memberUser.email,
    role: 'member',
  });
  await member.call(respondToInvitation, { invitationId: invitationId!, accept: true });
  pluginId = `${publisherId}.lister`;
  for (const version of ['1.0.0', '1.1.0']) {
    const upload = await publishThroughUpload(
      member,
      publisherId,
      await packPlugin(pluginId, { version, description: `Lister ${version} does listing things.` }),
    );
    if (upload.state !== 'published') throw new Error(JSON.stringify(upload.errors));
  }
}, 300_000);
afterAll(async () => {
  for (const c of [owner, member, outsider, moderator]) await c?.close();
});

describe('publishers', () => {
  it('are unique, refuse look-alikes of existing ones and reserved names', async () => {
    await expect(outsider.call(createPublisher, { publisherId, displayName: 'Copy' })).rejects.toMatchObject({
      code: 'functions/already-exists',
    });
    const lookAlike = publisherId.replace(/m/g, 'rn');
    await expect(
      outsider.call(createPublisher, { publisherId: lookAlike, displayName: 'Look-alike' }),
    ).rejects.toMatchObject({
      code: 'functions/already-exists',
      message: expect.stringContaining('too similar'),
    });
    await expect(
      outsider.call(createPublisher, { publisherId: 'mlebotics', displayName: 'Official' }),
    ).rejects.toMatchObject({
      code: 'functions/invalid-argument',
      message: expect.stringContaining('reserved'),
    });
  });

  it('have members managed by their owners only', async () => {
    await expect(
      member.call(setPublisherMember, { publisherId, email: 'x@example.com', role: 'member' }),
    ).rejects.toMatchObject({
      code: 'functions/permission-denied',
    });
    // Inviting says the same whether or not an account uses the address.
    await expect(
      owner.call(setPublisherMember, { publisherId, email: 'nobody@nowhere.example', role: 'member' }),
    ).resolves.toMatchObject({ status: 'invited' });
    await expect(
      owner.call(setPublisherMember, { publisherId, email: 'nobody@nowhere.example', role: null }),
    ).rejects.toMatchObject({ code: 'functions/not-found' });
    await expect(
      owner.call(setPublisherMember, { publisherId, email: ownerUser.email, role: null }),
    ).rejects.toMatchObject({
      message: expect.stringContaining('at least one owner'),
    });
  });

  it('are verified by marketplace administrators only, and the badge follows on their listings', async () => {
    await expect(owner.call(setPublisherVerified, { publisherId, verified: true })).rejects.toMatchObject({
      code: 'functions/permission-denied',
    });
    await expect(moderator.call(setPublisherVerified, { publisherId, verified: true })).resolves.toMatchObject({
      verified: true,
      listingsUpdated: 1,
    });
    expect((await listing(pluginId)).publisherVerified).toBe(true);
  });
});

describe('versions and listings are changed by publisher members only', () => {
  it('refuses outsiders for every change', async () => {
    for (const attempt of [
      () => outsider.call(yankVersion, { pluginId, version: '1.1.0', yanked: true }),
      () => outsider.call(deprecate, { pluginId, message: 'taken over' }),
      () => outsider.call(updateListing, { pluginId, summary: 'A summary written by someone else entirely.' }),
      () => outsider.call(updateListing, { pluginId, pricing: { model: 'one-time', amount: 100_00, currency: 'usd' } }),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: 'functions/permission-denied' });
    }
  });

  it('yank: hidden from new installs and from latest; installs keep the version', async () => {
    const orgId = uniqueId('org');
    await owner.call(createOrg, { name: 'Users', orgId });
    await owner.call(install, { orgId, pluginId, version: '1.1.0', grantedPermissions: [] });
    await expect(
      member.call(yankVersion, { pluginId, version: '1.1.0', yanked: true, reason: 'Corrupts settings' }),
    ).resolves.toMatchObject({
      status: 'yanked',
      latestVersion: '1.0.0',
    });
    expect((await listing(pluginId)).latestVersion).toBe('1.0.0');
    const other = uniqueId('org');
    await owner.call(createOrg, { name: 'Newcomers', orgId: other });
    await expect(
      owner.call(install, { orgId: other, pluginId, version: '1.1.0', grantedPermissions: [] }),
    ).rejects.toMatchObject({
      details: { reason: 'version-unavailable' },
    });
    await expect(owner.call(install, { orgId: other, pluginId, grantedPermissions: [] })).resolves.toMatchObject({
      version: '1.0.0',
    });
    // The organization that had 1.1.0 keeps it.
    expect((await owner.call(listInstalled, { orgId })).installs[0]).toMatchObject({ version: '1.1.0' });
    await expect(member.call(yankVersion, { pluginId, version: '1.1.0', yanked: false })).resolves.toMatchObject({
      latestVersion: '1.1.0',
    });
  });

  it('deprecate: a plugin or a version, with a message and an optional public replacement', async () => {
    await expect(
      member.call(deprecate, { pluginId, message: 'Use the new one', replacement: `${publisherId}.missing` }),
    ).rejects.toMatchObject({
      code: 'functions/not-found',
    });
    await member.call(deprecate, { pluginId, message: 'Superseded by Lister Pro', replacement: null });
    expect((await listing(pluginId)).deprecated).toMatchObject({
      message: 'Superseded by Lister Pro',
      replacement: null,
    });
    await member.call(deprecate, { pluginId, version: '1.0.0', message: 'Has a memory leak' });
    expect((await admin.db.doc(paths.version(pluginId, '1.0.0')).get()).get('deprecated')).toMatchObject({
      message: 'Has a memory leak',
    });
    await member.call(deprecate, { pluginId, message: null });
    expect((await listing(pluginId)).deprecated).toBeNull();
  });

  it('listing settings: summary and categories survive a new version; pricing and visibility', async () => {
    await member.call(updateListing, {
      pluginId,
      summary: 'The best lister for robot fleets.',
      categories: ['monitoring', 'analytics'],
    });
    let l = await listing(pluginId);
    expect(l).toMatchObject({
      summary: 'The best lister for robot fleets.',
      categories: ['monitoring', 'analytics'],
      categoryFlags: { monitoring: true, analytics: true },
    });
    expect(l.searchTokens).toContain('fleets');
    const upload = await publishThroughUpload(member, publisherId, await packPlugin(pluginId, { version: '1.2.0' }));
    expect(upload.state).toBe('published');
    l = await listing(pluginId);
    expect(l).toMatchObject({
      latestVersion: '1.2.0',
      summary: 'The best lister for robot fleets.',
      categories: ['monitoring', 'analytics'],
    });

    await member.call(updateListing, { pluginId, pricing: { model: 'subscription', amount: 12_00, currency: 'eur' } });
    expect(await listing(pluginId)).toMatchObject({
      pricing: { model: 'subscription', amount: 1200, currency: 'eur' },
      priceClass: 'paid',
    });
    await member.call(updateListing, { pluginId, pricing: { model: 'free' } });

    const orgId = uniqueId('private');
    await expect(
      member.call(updateListing, { pluginId, visibility: { visibility: 'private', orgId: 'somebody-else' } }),
    ).rejects.toMatchObject({
      code: 'functions/not-found',
    });
    await member.call(createOrg, { name: 'Internal', orgId });
    await member.call(updateListing, { pluginId, visibility: { visibility: 'private', orgId } });
    expect(await listing(pluginId)).toMatchObject({ visibility: 'private', privateOrgId: orgId });
    await member.call(updateListing, { pluginId, visibility: { visibility: 'public' } });
  });
});
