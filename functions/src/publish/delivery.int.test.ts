import {
  collections,
  createPublisherToken,
  createUpload,
  exchangePublisherToken,
  objectPaths,
  paths,
  retryUpload,
  revokePublisherToken,
  withdrawUpload,
} from '@mlebotics/shared';
import { sha256Hex } from '@mlebotics/shared/node';
import {
  admin,
  backgroundTriggers,
  connectClient,
  createPublisher,
  createUser,
  packPlugin,
  resetEmulators,
  uniqueId,
  type Client,
} from '@mlebotics/testing';
import { signInWithCustomToken } from 'firebase/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import { defaultLocalKeyFile } from '../lib/config.js';
import { LocalSigner } from '../signing/local-signer.js';
import type { Signer } from '../signing/signer.js';
import { SimulatedCrash, UploadBusy, processUpload, type CrashPoint } from './pipeline.js';
import { sweepUploads } from './recovery.js';

// These tests deliver the storage event themselves (in this process) to inject crashes and
// duplicates, so the emulator's own trigger is paused meanwhile.
let developer: Client;
let publisherId: string;
const signer = new LocalSigner(defaultLocalKeyFile());

beforeAll(async () => {
  await resetEmulators();
  await backgroundTriggers(false);
  const user = await createUser(`${uniqueId('dev')}@example.com`);
  publisherId = uniqueId('pub');
  await createPublisher(publisherId, [user.uid]);
  developer = await connectClient(user);
});
afterAll(async () => {
  await developer?.close();
  await backgroundTriggers(true);
});

/** An upload intent and its object in Storage, without any delivery yet. */
async function stagedUpload(slug: string, version = '1.0.0', description?: string) {
  const id = `${publisherId}.${slug}`;
  const bytes = await packPlugin(id, { version, ...(description ? { description } : {}) });
  const intent = await developer.call(createUpload, { publisherId, size: bytes.length, sha256: sha256Hex(bytes) });
  await admin.bucket().file(intent.objectPath).save(bytes, { resumable: false });
  return { id, version, bytes, intent, object: { name: intent.objectPath, size: bytes.length } };
}

const uploadDoc = async (uploadId: string) => (await admin.db.doc(paths.upload(uploadId)).get()).data()!;

/**
 * Lets a crashed attempt's lease run out now. The crashed attempts hold long leases so that the
 * "inside the lease" checks never depend on how fast a loaded machine is; time is then moved on
 * by ending the lease instead of sleeping past it.
 */
async function expireLease(uploadId: string): Promise<void> {
  const ref = admin.db.doc(paths.upload(uploadId));
  if ((await ref.get()).get('lease.token')) await ref.update({ 'lease.until': Timestamp.fromMillis(0) });
}
const versionsOf = async (id: string) => (await admin.db.collection(paths.versions(id)).get()).docs;
const exists = async (path: string) => (await admin.bucket().file(path).exists())[0];

async function expectPublishedOnce(staged: Awaited<ReturnType<typeof stagedUpload>>) {
  const versions = await versionsOf(staged.id);
  expect(versions.map((v) => v.id)).toEqual([staged.version]);
  expect(versions[0]!.get('sha256')).toBe(sha256Hex(staged.bytes));
  expect((await uploadDoc(staged.intent.uploadId)).state).toBe('published');
  const [artifact] = await admin.bucket().file(objectPaths.artifact(staged.id, staged.version)).download();
  expect(sha256Hex(artifact)).toBe(sha256Hex(staged.bytes));
  expect(await exists(staged.intent.objectPath)).toBe(false);
  const listing = (await admin.db.doc(paths.plugin(staged.id)).get()).data()!;
  expect(listing.versionCount).toBe(1);
  const claims = await admin.db.collection(collections.idClaims).where('pluginId', '==', staged.id).get();
  expect(claims.size).toBe(1);
}

describe('at-least-once delivery of the storage event', () => {
  it('publishes once when the same event is delivered twice', async () => {
    const staged = await stagedUpload('twice');
    expect(await processUpload(staged.object, { signer })).toBe('published');
    expect(await processUpload(staged.object, { signer })).toBe('already-done');
    await expectPublishedOnce(staged);
  });

  it('publishes once when duplicates arrive at the same time', async () => {
    const staged = await stagedUpload('concurrent');
    const results = await Promise.allSettled([
      processUpload(staged.object, { signer }),
      processUpload(staged.object, { signer }),
    ]);
    const published = results.filter((r) => r.status === 'fulfilled' && r.value === 'published');
    expect(published).toHaveLength(1);
    // The loser either saw the work done or was told to retry later (the lease is held).
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(UploadBusy);
    expect(await processUpload(staged.object, { signer })).toBe('already-done');
    await expectPublishedOnce(staged);
  });

  for (const point of ['validated', 'signed', 'copied', 'committed'] as CrashPoint[]) {
    it(`ends in one consistent version after a crash after "${point}" and a redelivery`, async () => {
      const staged = await stagedUpload(`crash-${point}`);
      await expect(
        processUpload(staged.object, { signer, crashAfter: point, leaseMs: 120_000 }),
      ).rejects.toBeInstanceOf(SimulatedCrash);
      // A redelivery inside the crashed attempt's lease is told to retry, not dropped.
      if (point !== 'committed')
        await expect(processUpload(staged.object, { signer })).rejects.toBeInstanceOf(UploadBusy);
      await expireLease(staged.intent.uploadId);
      const outcome = await processUpload(staged.object, { signer });
      expect(outcome).toBe(point === 'committed' ? 'already-done' : 'published');
      await expectPublishedOnce(staged);
      expect((await uploadDoc(staged.intent.uploadId)).attempts).toBe(point === 'committed' ? 1 : 2);
    });
  }

  it('ends in a clean rejection when another upload of the version wins after a crash', async () => {
    // B copies its artifact into the registry path, then crashes before committing.
    const a = await stagedUpload('contested', '2.0.0', 'Build A of the contested version.');
    const b = await stagedUpload('contested', '2.0.0', 'Build B of the contested version.');
    await expect(processUpload(b.object, { signer, crashAfter: 'copied', leaseMs: 120_000 })).rejects.toBeInstanceOf(
      SimulatedCrash,
    );
    // While B's lease runs, A waits rather than overwrite B's artifact.
    await expect(processUpload(a.object, { signer })).rejects.toBeInstanceOf(UploadBusy);
    await expireLease(b.intent.uploadId);
    // B's lease ran out and no version references its artifact: A replaces it and commits.
    expect(await processUpload(a.object, { signer })).toBe('published');
    // B's redelivery finds the version taken and ends cleanly.
    expect(await processUpload(b.object, { signer })).toBe('rejected');
    const doc = await uploadDoc(b.intent.uploadId);
    expect(doc.errors.map((e: { code: string }) => e.code)).toEqual(['version-exists']);
    expect(await exists(b.intent.objectPath)).toBe(false);
    await expectPublishedOnce(a);
  });

  it('ignores its own registry copies and deletes unknown uploads', async () => {
    expect(await processUpload({ name: objectPaths.artifact('x.y', '1.0.0'), size: 10 }, { signer })).toBe('ignored');
    const stray = objectPaths.upload(uniqueId('u'), uniqueId('x'));
    await admin.bucket().file(stray).save(Buffer.from('stray'));
    expect(await processUpload({ name: stray, size: 5 }, { signer })).toBe('deleted-unknown');
    expect(await exists(stray)).toBe(false);
  });

  it('recovers an upload whose event was lost, when its uploader asks', async () => {
    const staged = await stagedUpload('lost-event');
    // No delivery at all: the emulator's trigger is paused, as if the event had been dropped.
    await expect(developer.call(retryUpload, { uploadId: staged.intent.uploadId })).resolves.toEqual({
      outcome: 'published',
    });
    await expectPublishedOnce(staged);
    const stranger = await connectClient(await createUser(`${uniqueId('stranger')}@example.com`));
    await expect(stranger.call(retryUpload, { uploadId: staged.intent.uploadId })).rejects.toMatchObject({
      code: 'functions/not-found',
    });
    await stranger.close();
  });

  it('sweeps: expires intents whose file never came and re-drives stuck uploads', async () => {
    const stuck = await stagedUpload('stuck');
    const bytes = await packPlugin(`${publisherId}.never-sent`);
    const abandoned = await developer.call(createUpload, { publisherId, size: bytes.length, sha256: sha256Hex(bytes) });
    const later = Date.now() + 2 * 60 * 60 * 1000;
    const result = await sweepUploads(later, { signer });
    expect(result.expired).toBeGreaterThanOrEqual(1);
    expect(result.recovered).toBeGreaterThanOrEqual(1);
    const abandonedDoc = await uploadDoc(abandoned.uploadId);
    expect(abandonedDoc.state).toBe('rejected');
    expect(abandonedDoc.errors.map((e: { code: string }) => e.code)).toEqual(['upload-expired']);
    await expectPublishedOnce(stuck);
  });

  it('refuses at commit an upload whose API token was revoked while it was being signed', async () => {
    const { token, summary } = await developer.call(createPublisherToken, { publisherId, name: 'Revoked mid-flight' });
    const ci = await connectClient();
    await signInWithCustomToken(ci.auth, (await ci.callOnce(exchangePublisherToken, { token })).customToken);
    const id = `${publisherId}.mid-flight`;
    const bytes = await packPlugin(id);
    const intent = await ci.callOnce(createUpload, { publisherId, size: bytes.length, sha256: sha256Hex(bytes) });
    await admin.bucket().file(intent.objectPath).save(bytes, { resumable: false });
    await ci.close();
    // The owner revokes the leaked token after the pipeline's first check passed.
    const revokingSigner: Signer = {
      describeKey: () => signer.describeKey(),
      async sign(data) {
        await developer.call(revokePublisherToken, { publisherId, tokenId: summary.tokenId });
        return signer.sign(data);
      },
    };
    expect(await processUpload({ name: intent.objectPath, size: bytes.length }, { signer: revokingSigner })).toBe(
      'rejected',
    );
    expect((await uploadDoc(intent.uploadId)).errors).toMatchObject([
      { code: 'token-revoked', message: expect.stringContaining('was revoked') },
    ]);
    expect(await versionsOf(id)).toEqual([]);
    expect(await exists(objectPaths.artifact(id, '1.0.0'))).toBe(false);
  });

  it('refuses an upload whose uploader left the publisher after announcing it', async () => {
    const staged = await stagedUpload('left-meanwhile');
    const publisher = admin.db.doc(paths.publisher(publisherId));
    await publisher.update({ [`members.${developer.uid!}`]: FieldValue.delete() });
    try {
      expect(await processUpload(staged.object, { signer })).toBe('rejected');
    } finally {
      await publisher.update({ [`members.${developer.uid!}`]: 'owner' });
    }
    expect((await uploadDoc(staged.intent.uploadId)).errors).toMatchObject([
      { code: 'publisher-mismatch', message: expect.stringContaining('no longer a member') },
    ]);
    expect(await versionsOf(staged.id)).toEqual([]);
  });
});

describe('withdrawing an announced upload', () => {
  const failure = (call: Promise<unknown>) =>
    call.then(
      () => undefined,
      (error: unknown) => error,
    );

  it('deletes the intent; a file sent afterwards finds none and is deleted unprocessed', async () => {
    const id = `${publisherId}.withdrawn`;
    const bytes = await packPlugin(id);
    const intent = await developer.call(createUpload, { publisherId, size: bytes.length, sha256: sha256Hex(bytes) });
    expect(await developer.call(withdrawUpload, { uploadId: intent.uploadId })).toEqual({ withdrawn: true });
    expect((await admin.db.doc(paths.upload(intent.uploadId)).get()).exists).toBe(false);
    // Nothing is done twice: a second withdrawal finds nothing.
    expect(await failure(developer.call(withdrawUpload, { uploadId: intent.uploadId }))).toMatchObject({
      code: 'functions/not-found',
      details: { reason: 'not-found' },
    });
    // A client that sends the file anyway (racing its own withdrawal) gets nothing processed.
    await admin.bucket().file(intent.objectPath).save(bytes, { resumable: false });
    expect(await processUpload({ name: intent.objectPath, size: bytes.length }, { signer })).toBe('deleted-unknown');
    expect(await exists(intent.objectPath)).toBe(false);
    expect(await versionsOf(id)).toEqual([]);
  });

  it('is refused once the file has arrived, and for anyone but the uploader', async () => {
    const staged = await stagedUpload('arrived');
    const stranger = await connectClient(await createUser(`${uniqueId('stranger')}@example.com`));
    try {
      // Someone else's upload reads as missing, whatever its state.
      expect(await failure(stranger.call(withdrawUpload, { uploadId: staged.intent.uploadId }))).toMatchObject({
        details: { reason: 'not-found' },
      });
      expect((await uploadDoc(staged.intent.uploadId)).state).toBe('awaiting-upload');
    } finally {
      await stranger.close();
    }
    // The pipeline claims the file, then crashes mid-way: the upload is in flight, not withdrawable.
    await expect(
      processUpload(staged.object, { signer, crashAfter: 'validated', leaseMs: 600_000 }),
    ).rejects.toBeInstanceOf(SimulatedCrash);
    expect(await failure(developer.call(withdrawUpload, { uploadId: staged.intent.uploadId }))).toMatchObject({
      code: 'functions/failed-precondition',
      details: { reason: 'upload-arrived' },
      message: expect.stringContaining('its file has arrived'),
    });
    await expireLease(staged.intent.uploadId);
    expect(await processUpload(staged.object, { signer })).toBe('published');
    await expectPublishedOnce(staged);
  });

  it('lets an API token withdraw what it announced, for its publisher only', async () => {
    const { token } = await developer.call(createPublisherToken, { publisherId, name: 'Withdraws' });
    const ci = await connectClient();
    try {
      await signInWithCustomToken(ci.auth, (await ci.callOnce(exchangePublisherToken, { token })).customToken);
      const bytes = await packPlugin(`${publisherId}.ci-withdrawn`);
      const own = await ci.callOnce(createUpload, { publisherId, size: bytes.length, sha256: sha256Hex(bytes) });
      const persons = await developer.call(createUpload, { publisherId, size: bytes.length, sha256: sha256Hex(bytes) });
      expect(await failure(ci.callOnce(withdrawUpload, { uploadId: persons.uploadId }))).toMatchObject({
        details: { reason: 'not-found' },
      });
      expect(await ci.callOnce(withdrawUpload, { uploadId: own.uploadId })).toEqual({ withdrawn: true });
      expect((await admin.db.doc(paths.upload(own.uploadId)).get()).exists).toBe(false);
      expect((await uploadDoc(persons.uploadId)).state).toBe('awaiting-upload');
    } finally {
      await ci.close();
    }
  });
});
