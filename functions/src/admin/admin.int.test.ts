import {
  collections,
  createUpload,
  listModerationQueue,
  listSigningKeys,
  moderateReview,
  paths,
  revokeSigningKey,
  rotateSigningKey,
  setPublisherSuspended,
  setPublisherVerified,
  type CallableContract,
  type CallableInput,
} from '@mlebotics/shared';
import { sha256Hex } from '@mlebotics/shared/node';
import {
  admin,
  connectClient,
  createPublisher,
  createUser,
  packPlugin,
  publishThroughUpload,
  resetEmulators,
  uniqueId,
  waitForUpload,
  type Client,
} from '@mlebotics/testing';
import { ref, uploadBytes } from 'firebase/storage';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let developer: Client;
let moderator: Client;
let stranger: Client;
let signedOut: Client;
let publisherId: string;
let pluginId: string;

/** The audit entries about one target, oldest first. */
async function auditOf(targetId: string) {
  const snap = await admin.db.collection(collections.adminAudit).where('targetId', '==', targetId).get();
  return snap.docs.map((d) => d.data()).sort((a, b) => a.at.toMillis() - b.at.toMillis());
}

/** Calls once with an explicit client request id (what a retry of the same action sends). */
function callWithId<C extends CallableContract<z.ZodType, unknown>>(
  client: Client,
  contract: C,
  input: CallableInput<C>,
  requestId: string,
) {
  return client.callOnce(contract, { ...(input as object), requestId } as CallableInput<C>);
}

beforeAll(async () => {
  await resetEmulators();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  publisherId = uniqueId('susp');
  await createPublisher(publisherId, [dev.uid]);
  developer = await connectClient(dev);
  moderator = await connectClient(await createUser(`${uniqueId('mod')}@example.com`, { admin: true }));
  stranger = await connectClient(await createUser(`${uniqueId('user')}@example.com`));
  signedOut = await connectClient();
  pluginId = `${publisherId}.tool`;
  expect((await publishThroughUpload(developer, publisherId, await packPlugin(pluginId))).state).toBe('published');
}, 300_000);
afterAll(async () => {
  await Promise.all([developer, moderator, stranger, signedOut].map((c) => c?.close()));
});

describe('admin callables refuse everyone but marketplace administrators', () => {
  const attempts = () =>
    [
      [setPublisherSuspended, { publisherId, suspended: true, reason: 'hostile attempt' }],
      [setPublisherVerified, { publisherId, verified: true }],
      [listModerationQueue, {}],
      [listSigningKeys, {}],
      [rotateSigningKey, { reason: 'hostile attempt' }],
      [revokeSigningKey, { keyId: 'mle-0000000000000000', reason: 'hostile attempt' }],
      [moderateReview, { pluginId, reviewId: 'a'.repeat(24), action: 'remove' }],
    ] as Array<[CallableContract<z.ZodType, unknown>, object]>;

  it('attack: a signed-in user, the publisher itself and a signed-out visitor are refused; nothing is logged', async () => {
    for (const client of [stranger, developer]) {
      for (const [contract, input] of attempts()) {
        await expect(client.callOnce(contract, input as never), contract.name).rejects.toMatchObject({
          code: 'functions/permission-denied',
          message: expect.stringContaining('Only marketplace administrators'),
        });
      }
    }
    for (const [contract, input] of attempts()) {
      await expect(signedOut.callOnce(contract, input as never), contract.name).rejects.toMatchObject({
        code: 'functions/unauthenticated',
      });
    }
    expect((await admin.db.collection(collections.adminAudit).get()).size).toBe(0);
    const publisher = (await admin.db.doc(paths.publisher(publisherId)).get()).data()!;
    expect(publisher.suspended ?? false).toBe(false);
    expect(publisher.verified).toBe(false);
  });
});

describe('suspending a publisher', () => {
  it('flags its listings, refuses new uploads with the reason, and logs exactly once per action', async () => {
    const reason = 'Malware reported by three organizations';
    const requestId = randomUUID();
    const first = await callWithId(
      moderator,
      setPublisherSuspended,
      { publisherId, suspended: true, reason },
      requestId,
    );
    expect(first).toEqual({ publisherId, suspended: true, listingsUpdated: 1 });
    // A retry of the same action (same request id) changes and logs nothing again.
    await expect(
      callWithId(moderator, setPublisherSuspended, { publisherId, suspended: true, reason }, requestId),
    ).resolves.toEqual(first);
    // Suspending again (a new action) finds nothing to change and logs nothing either.
    await moderator.call(setPublisherSuspended, { publisherId, suspended: true, reason });

    const publisher = (await admin.db.doc(paths.publisher(publisherId)).get()).data()!;
    expect(publisher.suspended).toBe(true);
    expect(publisher.suspension).toMatchObject({ reason, by: moderator.uid });
    expect((await admin.db.doc(paths.plugin(pluginId)).get()).get('publisherSuspended')).toBe(true);
    expect((await admin.db.doc(paths.searchChange(pluginId)).get()).exists).toBe(true);

    const bytes = await packPlugin(pluginId, { version: '1.1.0' });
    await expect(
      developer.callOnce(createUpload, { publisherId, size: bytes.length, sha256: sha256Hex(bytes) }),
    ).rejects.toMatchObject({
      code: 'functions/failed-precondition',
      message: expect.stringContaining(`"${publisherId}" is suspended by the marketplace: ${reason}`),
      details: { reason: 'publisher-suspended' },
    });

    await moderator.call(setPublisherSuspended, { publisherId, suspended: false, reason: 'Appeal accepted' });
    expect((await admin.db.doc(paths.plugin(pluginId)).get()).get('publisherSuspended')).toBe(false);
    const after = (await admin.db.doc(paths.publisher(publisherId)).get()).data()!;
    expect(after).toMatchObject({ suspended: false, suspension: null });

    const entries = await auditOf(publisherId);
    expect(entries.map((e) => [e.action, e.targetKind, e.reason, e.actorUid])).toEqual([
      ['publisher.suspend', 'publisher', reason, moderator.uid],
      ['publisher.unsuspend', 'publisher', 'Appeal accepted', moderator.uid],
    ]);
    expect(entries[0]!.actorEmail).toMatch(/^mod-.*@example\.com$/);
  });

  it('refuses an upload whose publisher was suspended after its intent was made', async () => {
    const bytes = await packPlugin(pluginId, { version: '1.2.0' });
    const intent = await developer.call(createUpload, { publisherId, size: bytes.length, sha256: sha256Hex(bytes) });
    await moderator.call(setPublisherSuspended, { publisherId, suspended: true, reason: 'Suspended mid-upload' });
    const finished = waitForUpload(developer, intent.uploadId);
    await uploadBytes(ref(developer.storage, intent.objectPath), bytes, { contentType: 'application/gzip' });
    const upload = await finished;
    expect(upload.state).toBe('rejected');
    expect(upload.errors.map((e) => e.message).join(' ')).toContain(
      'is suspended by the marketplace: Suspended mid-upload',
    );
    expect((await admin.db.doc(paths.version(pluginId, '1.2.0')).get()).exists).toBe(false);
    await moderator.call(setPublisherSuspended, { publisherId, suspended: false, reason: 'Lifted after the test' });
  }, 200_000);

  it('verifying a publisher is logged once, with its reason', async () => {
    await moderator.call(setPublisherVerified, { publisherId, verified: true, reason: 'Identity documents checked' });
    await moderator.call(setPublisherVerified, { publisherId, verified: true });
    const entries = (await auditOf(publisherId)).filter((e) => e.action.startsWith('publisher.verify'));
    expect(entries.map((e) => [e.action, e.reason])).toEqual([['publisher.verify', 'Identity documents checked']]);
    expect((await admin.db.doc(paths.plugin(pluginId)).get()).get('publisherVerified')).toBe(true);
  });

  it('rejects a missing publisher and a reason that says nothing', async () => {
    await expect(
      moderator.callOnce(setPublisherSuspended, { publisherId: 'no-such-publisher', suspended: true, reason: 'spam!' }),
    ).rejects.toMatchObject({ code: 'functions/not-found' });
    await expect(
      moderator.callOnce(setPublisherSuspended, { publisherId, suspended: true, reason: 'no' }),
    ).rejects.toMatchObject({ code: 'functions/invalid-argument', message: expect.stringContaining('reason') });
  });
});
