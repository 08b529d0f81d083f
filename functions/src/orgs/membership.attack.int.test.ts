// Attacks on membership through the client APIs, as a fresh self-registered account would make
// them: unverified look-alike invitees, email probing, leaving an organization without an
// owner, and ids that are not ids.
import {
  addOrgMember,
  collections,
  createOrg,
  getManifest,
  paths,
  respondToInvitation,
  retryUpload,
  revokeInvitation,
  runPluginStep,
  setOrgMemberRole,
  updateInstall,
} from '@mlebotics/shared';
import {
  admin,
  connectClient,
  createUser,
  resetEmulators,
  uniqueId,
  type Client,
  type TestUser,
} from '@mlebotics/testing';
import { collection, getDocs, query, where } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let ownerUser: TestUser;
let owner: Client;
let orgId: string;

beforeAll(async () => {
  await resetEmulators();
  ownerUser = await createUser(`${uniqueId('owner')}@acme.example`);
  owner = await connectClient(ownerUser);
  orgId = uniqueId('acme');
  await owner.call(createOrg, { name: 'Acme', orgId });
}, 120_000);
afterAll(async () => {
  await owner?.close();
});

const members = async () =>
  ((await admin.db.doc(paths.org(orgId)).get()).get('members') ?? {}) as Record<string, string>;

describe('attack: membership by email needs the invitee’s consent with a verified address', () => {
  it('an unverified account registered with the invited address cannot accept, and is not a member', async () => {
    const email = `${uniqueId('new-hire')}@acme.example`;
    // The attacker registers the address first, without being able to verify it.
    const squatter = await createUser(email, { emailVerified: false });
    const invitation = await owner.call(addOrgMember, { orgId, email, role: 'admin' });
    expect(await members()).not.toHaveProperty(squatter.uid);
    const attacker = await connectClient(squatter);
    await expect(
      attacker.call(respondToInvitation, { invitationId: invitation.invitationId, accept: true }),
    ).rejects.toMatchObject({ code: 'functions/permission-denied', message: expect.stringContaining('Verify') });
    expect(await members()).not.toHaveProperty(squatter.uid);
    await attacker.close();
  });

  it('another account (even verified) cannot accept someone else’s invitation, nor read it', async () => {
    const invitation = await owner.call(addOrgMember, {
      orgId,
      email: `${uniqueId('lead')}@acme.example`,
      role: 'operator',
    });
    const other = await connectClient(await createUser(`${uniqueId('other')}@evil.example`));
    await expect(
      other.call(respondToInvitation, { invitationId: invitation.invitationId, accept: true }),
    ).rejects.toMatchObject({ code: 'functions/not-found' });
    await expect(
      getDocs(query(collection(other.db, collections.invitations), where('email', '==', invitation.email))),
    ).rejects.toMatchObject({ code: 'permission-denied' });
    await other.close();
  });

  it('the invited, verified address accepts and becomes a member with the invited role, named by that address', async () => {
    const invitee = await createUser(`${uniqueId('hire')}@acme.example`, { displayName: 'Ada Hire' });
    const invitation = await owner.call(addOrgMember, { orgId, email: invitee.email, role: 'admin' });
    const client = await connectClient(invitee);
    const mine = await getDocs(
      query(
        collection(client.db, collections.invitations),
        where('email', '==', invitee.email),
        where('status', '==', 'pending'),
      ),
    );
    expect(mine.docs.map((d) => d.id)).toContain(invitation.invitationId);
    await expect(
      client.call(respondToInvitation, { invitationId: invitation.invitationId, accept: true }),
    ).resolves.toMatchObject({
      status: 'accepted',
      role: 'admin',
    });
    const org = (await admin.db.doc(paths.org(orgId)).get()).data()!;
    expect(org.members[invitee.uid]).toBe('admin');
    expect(org.memberEmails[invitee.uid]).toBe(invitee.email);
    expect(org.memberNames[invitee.uid]).toBe('Ada Hire');
    // Replaying the acceptance changes nothing.
    await expect(
      client.call(respondToInvitation, { invitationId: invitation.invitationId, accept: true }),
    ).rejects.toMatchObject({
      code: 'functions/already-exists',
    });
    // Inviting an existing member says so instead of "added".
    await expect(owner.call(addOrgMember, { orgId, email: invitee.email, role: 'operator' })).rejects.toMatchObject({
      code: 'functions/already-exists',
      message: expect.stringContaining('already a member'),
    });
    await client.close();
  });

  it('inviting reveals nothing about which addresses have accounts', async () => {
    const existing = await createUser(`${uniqueId('known')}@acme.example`);
    const a = await owner.call(addOrgMember, { orgId, email: existing.email, role: 'operator' });
    const b = await owner.call(addOrgMember, { orgId, email: `${uniqueId('nobody')}@acme.example`, role: 'operator' });
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    expect(JSON.stringify(a)).not.toContain(existing.uid);
  });

  it('a declined or withdrawn invitation cannot be accepted', async () => {
    const invitee = await createUser(`${uniqueId('maybe')}@acme.example`);
    const client = await connectClient(invitee);
    const first = await owner.call(addOrgMember, { orgId, email: invitee.email, role: 'operator' });
    await client.call(respondToInvitation, { invitationId: first.invitationId, accept: false });
    await expect(
      client.call(respondToInvitation, { invitationId: first.invitationId, accept: true }),
    ).rejects.toMatchObject({
      code: 'functions/already-exists',
    });
    const second = await owner.call(addOrgMember, { orgId, email: invitee.email, role: 'operator' });
    await owner.call(revokeInvitation, { invitationId: second.invitationId });
    await expect(
      client.call(respondToInvitation, { invitationId: second.invitationId, accept: true }),
    ).rejects.toMatchObject({
      code: 'functions/already-exists',
    });
    expect(await members()).not.toHaveProperty(invitee.uid);
    await client.close();
  });
});

describe('attack: an organization always keeps an owner', () => {
  it('the sole owner cannot demote themselves, by role change or by inviting their own address', async () => {
    const solo = await createUser(`${uniqueId('solo')}@acme.example`);
    const client = await connectClient(solo);
    const soloOrg = uniqueId('solo');
    await client.call(createOrg, { name: 'Solo', orgId: soloOrg });
    await expect(client.call(addOrgMember, { orgId: soloOrg, email: solo.email, role: 'admin' })).rejects.toMatchObject(
      {
        code: 'functions/already-exists',
      },
    );
    await expect(client.call(setOrgMemberRole, { orgId: soloOrg, uid: solo.uid, role: 'admin' })).rejects.toMatchObject(
      {
        code: 'functions/invalid-argument',
      },
    );
    await expect(client.call(setOrgMemberRole, { orgId: soloOrg, uid: solo.uid, role: null })).rejects.toMatchObject({
      code: 'functions/invalid-argument',
    });
    expect((await admin.db.doc(paths.org(soloOrg)).get()).get('members')).toEqual({ [solo.uid]: 'owner' });
    await client.close();
  });
});

describe('attack: ids that are not ids are refused as invalid input, at once', () => {
  const hostile = ['..', 'a/b', '__x__', '__proto__', 'constructor', 'toString', '.', ''];
  it.each(hostile)('uid %j', async (uid) => {
    await expect(owner.call(setOrgMemberRole, { orgId, uid, role: 'operator' })).rejects.toMatchObject({
      code: 'functions/invalid-argument',
    });
  });
  it.each(hostile)('plugin, org, version and upload ids %j', async (id) => {
    const invalid = { code: 'functions/invalid-argument' };
    await expect(owner.call(getManifest, { pluginId: id, version: '1.0.0' })).rejects.toMatchObject(invalid);
    await expect(owner.call(getManifest, { pluginId: 'acme.tool', version: id })).rejects.toMatchObject(invalid);
    await expect(
      owner.call(runPluginStep, { orgId: id, pluginId: 'a.b', stepId: 'x', input: {} }),
    ).rejects.toMatchObject(invalid);
    await expect(owner.call(updateInstall, { orgId, pluginId: 'acme.tool', toVersion: id })).rejects.toMatchObject(
      invalid,
    );
    await expect(owner.call(retryUpload, { uploadId: id })).rejects.toMatchObject(invalid);
  });
  it('deep nesting is refused with a clear message, not an internal error', async () => {
    let deep: unknown = {};
    for (let i = 0; i < 200; i++) deep = { a: deep };
    await expect(
      owner.call(runPluginStep, { orgId, pluginId: 'acme.tool', stepId: 'x', input: deep as object }),
    ).rejects.toMatchObject({ code: 'functions/invalid-argument', message: expect.stringContaining('nests deeper') });
  });
});
