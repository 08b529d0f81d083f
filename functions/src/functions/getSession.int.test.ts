import { converters, getSession, membershipFields, paths } from '@mlebotics/shared';
import { adminDoc, connectClient, createUser, resetEmulators, seedOrg, uniqueId } from '@mlebotics/testing';
import { FieldValue } from 'firebase-admin/firestore';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(resetEmulators);

describe('getSession', () => {
  it('returns the caller with their organizations and publishers', async () => {
    const alice = await createUser(`${uniqueId('alice')}@example.com`);
    const [orgId, otherOrg, publisherId] = [uniqueId('acme'), uniqueId('other'), uniqueId('pub')];
    await seedOrg(orgId, 'Acme Robotics', { [alice.uid]: 'admin' });
    await seedOrg(otherOrg, 'Other', { someone: 'owner' });
    await adminDoc(converters.publisher, paths.publisher(publisherId)).set({
      displayName: 'Acme',
      ...membershipFields([{ uid: alice.uid, role: 'owner' }]),
      verified: true,
      createdAt: FieldValue.serverTimestamp(),
    });
    const client = await connectClient(alice);
    const session = await client.call(getSession, {});
    expect(session).toEqual({
      uid: alice.uid,
      email: alice.email,
      isAdmin: false,
      orgs: [{ id: orgId, name: 'Acme Robotics', role: 'admin' }],
      publishers: [{ id: publisherId, displayName: 'Acme', role: 'owner', verified: true }],
    });
    await client.close();
  });

  it('refuses callers who are not signed in', async () => {
    const client = await connectClient();
    await expect(client.call(getSession, {})).rejects.toMatchObject({ code: 'functions/unauthenticated' });
    await client.close();
  });

  it('rejects unexpected input with a message naming the field', async () => {
    const bob = await createUser(`${uniqueId('bob')}@example.com`);
    const client = await connectClient(bob);
    await expect(client.call(getSession, { surprise: 1 } as never)).rejects.toMatchObject({
      code: 'functions/invalid-argument',
      message: expect.stringContaining('surprise'),
    });
    await client.close();
  });
});
