import {
  addOrgMember,
  respondToInvitation,
  createOrg,
  getManifest,
  install,
  listInstalled,
  paths,
  setOrgMemberRole,
  uninstall,
  updateInstall,
  type Permission,
} from '@mlebotics/shared';
import {
  admin,
  connectClient,
  createPublisher,
  createUser,
  packPlugin,
  publishThroughUpload,
  resetEmulators,
  uniqueId,
  type Client,
  type TestUser,
  joinOrg,
} from '@mlebotics/testing';
import { Timestamp } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SENSORS: Permission = { name: 'sensors:read', reason: 'Reads the temperature sensors' };
const FETCH: Permission = {
  name: 'network:fetch',
  reason: 'Sends readings to the dashboard',
  hosts: ['api.example.com'],
};
const ACTUATE: Permission = { name: 'actuators:command', reason: 'Moves the arm to the reading spot' };

let publisherId: string;
let owner: Client;
let adminUser: Client;
let operator: Client;
let stranger: Client;
let ownerUser: TestUser;
let orgId: string;
const clients: Client[] = [];
let pluginId: string;

const listing = async (id: string) => (await admin.db.doc(paths.plugin(id)).get()).data()!;

async function publish(id: string, overrides: Record<string, unknown>) {
  const upload = await publishThroughUpload(developer, publisherId, await packPlugin(id, overrides as never));
  if (upload.state !== 'published') throw new Error(`publishing ${id} failed: ${JSON.stringify(upload.errors)}`);
}

let developer: Client;

beforeAll(async () => {
  await resetEmulators();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  publisherId = uniqueId('tools');
  await createPublisher(publisherId, [dev.uid]);
  developer = await connectClient(dev);
  pluginId = `${publisherId}.thermo`;
  await publish(pluginId, { version: '1.0.0', permissions: [SENSORS] });
  await publish(pluginId, { version: '1.1.0', permissions: [SENSORS, FETCH] });
  await publish(pluginId, { version: '1.2.0', permissions: [SENSORS] });

  ownerUser = await createUser(`${uniqueId('owner')}@example.com`);
  const adminTestUser = await createUser(`${uniqueId('admin')}@example.com`);
  const operatorUser = await createUser(`${uniqueId('operator')}@example.com`);
  owner = await connectClient(ownerUser);
  adminUser = await connectClient(adminTestUser);
  operator = await connectClient(operatorUser);
  stranger = await connectClient(await createUser(`${uniqueId('stranger')}@example.com`));
  clients.push(developer, owner, adminUser, operator, stranger);
  orgId = uniqueId('acme');
  await owner.call(createOrg, { name: 'Acme Robotics', orgId });
  await joinOrg(owner, adminTestUser, orgId, 'admin');
  await joinOrg(owner, operatorUser, orgId, 'operator');
}, 300_000);
afterAll(async () => {
  for (const c of clients) await c.close();
});

describe('organizations', () => {
  it('are created with the caller as owner; ids are unique', async () => {
    const org = (await admin.db.doc(paths.org(orgId)).get()).data()!;
    expect(org.members[ownerUser.uid]).toBe('owner');
    await expect(stranger.call(createOrg, { name: 'Copycat', orgId })).rejects.toMatchObject({
      code: 'functions/already-exists',
    });
  });

  it('invite members by email, by owners and admins only (owners only invite owners)', async () => {
    const extra = await createUser(`${uniqueId('extra')}@example.com`);
    await expect(operator.call(addOrgMember, { orgId, email: extra.email, role: 'operator' })).rejects.toMatchObject({
      code: 'functions/permission-denied',
    });
    await expect(adminUser.call(addOrgMember, { orgId, email: extra.email, role: 'owner' })).rejects.toMatchObject({
      code: 'functions/permission-denied',
    });
    const invitation = await adminUser.call(addOrgMember, { orgId, email: extra.email, role: 'operator' });
    expect(invitation).toMatchObject({ email: extra.email });
    expect((await admin.db.doc(paths.org(orgId)).get()).get(`members.${extra.uid}`)).toBeUndefined();
    const invitee = await connectClient(extra);
    await invitee.call(respondToInvitation, { invitationId: invitation.invitationId, accept: true });
    await invitee.close();
    expect((await admin.db.doc(paths.org(orgId)).get()).get(`members.${extra.uid}`)).toBe('operator');
    await expect(owner.call(setOrgMemberRole, { orgId, uid: extra.uid, role: null })).resolves.toEqual({ ok: true });
  });

  it('always keep an owner', async () => {
    await expect(owner.call(setOrgMemberRole, { orgId, uid: ownerUser.uid, role: 'admin' })).rejects.toMatchObject({
      code: 'functions/invalid-argument',
      message: expect.stringContaining('at least one owner'),
    });
  });
});

describe('install', () => {
  it('installs the latest version with exact consent, records it, and counts it once', async () => {
    const result = await owner.call(install, { orgId, pluginId, grantedPermissions: [SENSORS] });
    expect(result).toEqual({ pluginId, version: '1.2.0', changed: true });
    const doc = (await admin.db.doc(paths.install(orgId, pluginId)).get()).data()!;
    expect(doc).toMatchObject({ version: '1.2.0', grantedPermissions: [SENSORS], installedBy: ownerUser.uid });
    expect(doc.consent).toMatchObject({ uid: ownerUser.uid, email: ownerUser.email, permissions: [SENSORS] });
    expect(doc.consent.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.consent.at).toBeInstanceOf(Timestamp);
    const audit = await admin.db.collection(paths.auditLog(orgId)).where('pluginId', '==', pluginId).get();
    expect(audit.docs.map((d) => d.get('action'))).toEqual(['install']);
    expect((await listing(pluginId)).installCount).toBe(1);
  });

  it('is idempotent: installing again changes nothing and counts nothing', async () => {
    await expect(adminUser.call(install, { orgId, pluginId, grantedPermissions: [SENSORS] })).resolves.toMatchObject({
      changed: false,
    });
    expect((await listing(pluginId)).installCount).toBe(1);
  });

  it('refuses consent that is not exactly the declared permissions, naming the difference', async () => {
    const otherOrg = uniqueId('other');
    await stranger.call(createOrg, { name: 'Other', orgId: otherOrg });
    await expect(
      stranger.call(install, { orgId: otherOrg, pluginId, version: '1.1.0', grantedPermissions: [SENSORS] }),
    ).rejects.toMatchObject({
      code: 'functions/failed-precondition',
      message: expect.stringMatching(/Missing: network:fetch/),
      details: { reason: 'consent-mismatch', missing: ['network:fetch'], extra: [] },
    });
    await expect(
      stranger.call(install, { orgId: otherOrg, pluginId, version: '1.2.0', grantedPermissions: [SENSORS, ACTUATE] }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/Not declared: actuators:command/) });
    await expect(
      stranger.call(install, {
        orgId: otherOrg,
        pluginId,
        version: '1.1.0',
        grantedPermissions: [SENSORS, { ...FETCH, hosts: ['api.example.com', 'evil.example.net'] }],
      }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/Not declared: network:fetch \(evil.example.net\)/) });
  });

  it('is for owners and admins of the organization', async () => {
    await expect(operator.call(install, { orgId, pluginId, grantedPermissions: [SENSORS] })).rejects.toMatchObject({
      code: 'functions/permission-denied',
      message: expect.stringContaining('your role is operator'),
    });
    await expect(stranger.call(install, { orgId, pluginId, grantedPermissions: [SENSORS] })).rejects.toMatchObject({
      code: 'functions/not-found',
    });
  });

  it('refuses yanked versions, incompatible versions and plugins the organization cannot see', async () => {
    const yanked = `${publisherId}.yanked`;
    await publish(yanked, { version: '1.0.0' });
    await admin.db.doc(paths.version(yanked, '1.0.0')).update({ status: 'yanked' });
    const org = uniqueId('fresh');
    await owner.call(createOrg, { name: 'Fresh', orgId: org });
    await expect(
      owner.call(install, { orgId: org, pluginId: yanked, version: '1.0.0', grantedPermissions: [] }),
    ).rejects.toMatchObject({
      details: { reason: 'version-unavailable' },
    });
    const future = `${publisherId}.future`;
    await publish(future, { version: '1.0.0', engines: { platform: '^2.0.0' } });
    await expect(owner.call(install, { orgId: org, pluginId: future, grantedPermissions: [] })).rejects.toMatchObject({
      details: { reason: 'incompatible-platform' },
      message: expect.stringContaining('needs platform ^2.0.0'),
    });
    const secret = `${publisherId}.secret`;
    await publish(secret, { version: '1.0.0' });
    await admin.db.doc(paths.plugin(secret)).update({ visibility: 'private', privateOrgId: 'someone-else' });
    await expect(owner.call(install, { orgId: org, pluginId: secret, grantedPermissions: [] })).rejects.toMatchObject({
      code: 'functions/not-found',
    });
    await admin.db.doc(paths.plugin(secret)).update({ privateOrgId: org });
    await expect(owner.call(install, { orgId: org, pluginId: secret, grantedPermissions: [] })).resolves.toMatchObject({
      changed: true,
    });
    await expect(owner.call(getManifest, { pluginId: secret, version: '1.0.0' })).resolves.toMatchObject({
      manifest: { id: secret },
    });
    await expect(stranger.call(getManifest, { pluginId: secret, version: '1.0.0' })).rejects.toMatchObject({
      code: 'functions/not-found',
    });
  });

  it('applies the organization policy (maximum permission risk)', async () => {
    const org = uniqueId('careful');
    await owner.call(createOrg, { name: 'Careful', orgId: org });
    await admin.db.doc(paths.org(org)).update({ 'settings.maxRisk': 'low' });
    await expect(
      owner.call(install, { orgId: org, pluginId, version: '1.1.0', grantedPermissions: [SENSORS, FETCH] }),
    ).rejects.toMatchObject({
      code: 'functions/permission-denied',
      details: { reason: 'policy-blocked' },
      message: expect.stringContaining('network:fetch'),
    });
  });
});

describe('update', () => {
  it('demands fresh consent when the permissions grow, and not otherwise', async () => {
    const org = uniqueId('updater');
    await owner.call(createOrg, { name: 'Updater', orgId: org });
    await owner.call(install, { orgId: org, pluginId, version: '1.0.0', grantedPermissions: [SENSORS] });
    const listed = await owner.call(listInstalled, { orgId: org });
    expect(listed.installs[0]).toMatchObject({
      pluginId,
      version: '1.0.0',
      yanked: false,
      latestVersion: '1.2.0',
      updateAvailable: true,
      updateNeedsConsent: false,
    });

    await expect(owner.call(updateInstall, { orgId: org, pluginId, toVersion: '1.1.0' })).rejects.toMatchObject({
      details: { reason: 'consent-required' },
      message: expect.stringContaining('network:fetch'),
    });
    await expect(
      owner.call(updateInstall, { orgId: org, pluginId, toVersion: '1.1.0', grantedPermissions: [SENSORS] }),
    ).rejects.toMatchObject({
      details: { reason: 'consent-mismatch' },
    });
    await expect(
      owner.call(updateInstall, { orgId: org, pluginId, toVersion: '1.1.0', grantedPermissions: [SENSORS, FETCH] }),
    ).resolves.toEqual({
      pluginId,
      fromVersion: '1.0.0',
      version: '1.1.0',
      reconsented: true,
    });
    // 1.2.0 drops network:fetch: no consent needed.
    await expect(owner.call(updateInstall, { orgId: org, pluginId, toVersion: '1.2.0' })).resolves.toMatchObject({
      reconsented: false,
    });
    const doc = (await admin.db.doc(paths.install(org, pluginId)).get()).data()!;
    expect(doc).toMatchObject({ version: '1.2.0', grantedPermissions: [SENSORS] });
    const actions = (await admin.db.collection(paths.auditLog(org)).get()).docs
      .map((d) => `${d.get('action')}:${d.get('version')}`)
      .sort();
    expect(actions).toEqual(['install:1.0.0', 'update:1.1.0', 'update:1.2.0']);
    await expect(operator.call(listInstalled, { orgId })).resolves.toMatchObject({
      installs: [expect.objectContaining({ pluginId })],
    });
  });

  it('needs the plugin installed first', async () => {
    const org = uniqueId('empty');
    await owner.call(createOrg, { name: 'Empty', orgId: org });
    await expect(owner.call(updateInstall, { orgId: org, pluginId, toVersion: '1.2.0' })).rejects.toMatchObject({
      details: { reason: 'not-installed' },
    });
  });
});

describe('uninstall and counts under concurrency', () => {
  it('uninstalls once and decrements once', async () => {
    const before = (await listing(pluginId)).installCount;
    await expect(owner.call(uninstall, { orgId, pluginId })).resolves.toEqual({ pluginId, changed: true });
    await expect(owner.call(uninstall, { orgId, pluginId })).resolves.toEqual({ pluginId, changed: false });
    expect((await listing(pluginId)).installCount).toBe(before - 1);
  });

  it('keeps the install count exact with concurrent installs and uninstalls', async () => {
    const countable = `${publisherId}.countable`;
    await publish(countable, { version: '1.0.0' });
    const orgs = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const id = uniqueId(`c${i}`);
        await owner.call(createOrg, { name: `Concurrent ${i}`, orgId: id });
        return id;
      }),
    );
    // Every organization installs twice at once, and two of them uninstall at the same time.
    await Promise.all(
      orgs.flatMap((org) =>
        [1, 2].map(() => owner.call(install, { orgId: org, pluginId: countable, grantedPermissions: [] })),
      ),
    );
    expect((await listing(countable)).installCount).toBe(8);
    await Promise.all([
      owner.call(uninstall, { orgId: orgs[0]!, pluginId: countable }),
      owner.call(uninstall, { orgId: orgs[0]!, pluginId: countable }),
      owner.call(uninstall, { orgId: orgs[1]!, pluginId: countable }),
      owner.call(install, { orgId: orgs[2]!, pluginId: countable, grantedPermissions: [] }),
    ]);
    const installs = await Promise.all(
      orgs.map(async (org) => (await admin.db.doc(paths.install(org, countable)).get()).exists),
    );
    expect((await listing(countable)).installCount).toBe(installs.filter(Boolean).length);
    expect((await listing(countable)).installCount).toBe(6);
  });
});
