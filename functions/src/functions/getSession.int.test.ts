import { getSession, paths } from '@mlebotics/shared';
import { admin, connectClient, createUser, resetEmulators } from '@mlebotics/testing';
import { beforeEach, describe, expect, it } from 'vitest';

beforeEach(resetEmulators);

describe('getSession', () => {
  it('returns the caller with their organizations and publishers', async () => {
    const alice = await createUser('alice@example.com');
    await admin.db
      .doc(paths.org('acme'))
      .set({ name: 'Acme Robotics', members: { [alice.uid]: 'admin' }, memberIds: [alice.uid] });
    await admin.db
      .doc(paths.org('other'))
      .set({ name: 'Other', members: { someone: 'owner' }, memberIds: ['someone'] });
    await admin.db
      .doc(paths.publisher('acme'))
      .set({ displayName: 'Acme', members: { [alice.uid]: 'owner' }, memberIds: [alice.uid], verified: true });
    const client = await connectClient(alice);
    const session = await client.call(getSession, {});
    expect(session).toEqual({
      uid: alice.uid,
      email: 'alice@example.com',
      isAdmin: false,
      orgs: [{ id: 'acme', name: 'Acme Robotics', role: 'admin' }],
      publishers: [{ id: 'acme', displayName: 'Acme', role: 'owner', verified: true }],
    });
    await client.close();
  });

  it('refuses callers who are not signed in', async () => {
    const client = await connectClient();
    await expect(client.call(getSession, {})).rejects.toMatchObject({ code: 'functions/unauthenticated' });
    await client.close();
  });

  it('rejects unexpected input with a message naming the field', async () => {
    const bob = await createUser('bob@example.com');
    const client = await connectClient(bob);
    await expect(client.call(getSession, { surprise: 1 } as never)).rejects.toMatchObject({
      code: 'functions/invalid-argument',
      message: expect.stringContaining('surprise'),
    });
    await client.close();
  });
});
