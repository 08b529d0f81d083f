import {
  collections,
  createUpload,
  objectPaths,
  paths,
  verifyEnvelope,
  checkSubject,
  type DsseEnvelope,
  type TrustedKey,
} from '@mlebotics/shared';
import { sha256Hex } from '@mlebotics/shared/node';
import {
  admin,
  connectClient,
  createPublisher,
  createUser,
  eventually,
  packPlugin,
  publishThroughUpload,
  resetEmulators,
  uniqueId,
  waitForUpload,
  type Client,
} from '@mlebotics/testing';
import { ref, uploadBytes } from 'firebase/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let developer: Client;
let developerUid: string;
let publisherId: string;

beforeAll(async () => {
  await resetEmulators();
  const user = await createUser(`${uniqueId('dev')}@example.com`);
  developerUid = user.uid;
  publisherId = uniqueId('pub');
  await createPublisher(publisherId, [user.uid]);
  developer = await connectClient(user);
});
afterAll(() => developer?.close());

const objectExists = async (path: string) => (await admin.bucket().file(path).exists())[0];
/** The pipeline marks the upload first and deletes the object right after. */
const objectRemoved = (path: string) =>
  eventually(async () => ((await objectExists(path)) ? undefined : true), `${path} to be removed`);
const trustedKeys = async (): Promise<TrustedKey[]> =>
  (await admin.db.collection(collections.signingKeys).get()).docs.map((d) => ({
    keyId: d.id,
    publicKeyPem: d.get('publicKeyPem'),
    status: d.get('status'),
  }));

describe('publishing through an upload', () => {
  it('validates, signs and registers a valid package, step by step', async () => {
    const id = `${publisherId}.hello`;
    const bytes = await packPlugin(id, { keywords: ['greeting', 'robots'] });
    const upload = await publishThroughUpload(developer, publisherId, bytes);
    expect(upload.errors).toEqual([]);
    expect(upload.state).toBe('published');
    expect(Object.keys(upload.steps).sort()).toEqual(
      ['awaiting-upload', 'published', 'received', 'signing', 'validating'].sort(),
    );
    expect(upload).toMatchObject({ pluginId: id, version: '1.0.0' });

    const version = (await admin.db.doc(paths.version(id, '1.0.0')).get()).data()!;
    expect(version).toMatchObject({
      pluginId: id,
      version: '1.0.0',
      publisherId,
      sha256: sha256Hex(bytes),
      size: bytes.length,
      status: 'published',
      artifactPath: objectPaths.artifact(id, '1.0.0'),
      permissionDiff: { added: [], removed: [], changed: [] },
      previousVersion: null,
      publishedBy: developerUid,
    });
    const [artifact] = await admin.bucket().file(objectPaths.artifact(id, '1.0.0')).download();
    expect(sha256Hex(artifact)).toBe(sha256Hex(bytes));
    await objectRemoved(upload.objectPath);

    const envelope = JSON.parse(
      (await admin.bucket().file(objectPaths.envelope(id, '1.0.0')).download())[0].toString(),
    ) as DsseEnvelope;
    expect(version.envelope).toEqual(envelope);
    const verified = verifyEnvelope(envelope, await trustedKeys());
    expect(verified.ok).toBe(true);
    if (verified.ok) {
      expect(checkSubject(verified.statement, id, '1.0.0', sha256Hex(bytes))).toBeUndefined();
      expect(verified.statement.predicate).toMatchObject({
        publisher: publisherId,
        uploader: developerUid,
        pluginId: id,
        permissions: [],
      });
      expect(verified.statement.predicate.files.map((f) => f.path)).toEqual([
        'plugin.json',
        'README.md',
        'icon.svg',
        'index.js',
      ]);
    }

    const listing = (await admin.db.doc(paths.plugin(id)).get()).data()!;
    expect(listing).toMatchObject({
      id,
      publisherId,
      latestVersion: '1.0.0',
      visibility: 'public',
      installCount: 0,
      versionCount: 1,
    });
    expect(listing.searchTokens).toEqual(expect.arrayContaining(['he', 'hello', 'gr', 'greeting', 'robots']));
    expect(listing.iconDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    const readme = (await admin.db.doc(paths.versionAsset(id, '1.0.0', 'readme')).get()).data();
    expect(readme?.markdown).toContain('# Plugin hello');
  });

  it('records the permission diff against the highest earlier version', async () => {
    const id = `${publisherId}.weather`;
    const v1 = await packPlugin(id, {
      permissions: [
        { name: 'network:fetch', reason: 'Fetches forecasts for the site', hosts: ['api.weather.example.com'] },
      ],
    });
    expect((await publishThroughUpload(developer, publisherId, v1)).state).toBe('published');
    const v2 = await packPlugin(id, {
      version: '1.1.0',
      permissions: [
        {
          name: 'network:fetch',
          reason: 'Fetches forecasts and alerts',
          hosts: ['api.weather.example.com', 'alerts.weather.example.com'],
        },
        { name: 'notifications:send', reason: 'Warns operators about storms' },
      ],
    });
    expect((await publishThroughUpload(developer, publisherId, v2)).state).toBe('published');
    const version = (await admin.db.doc(paths.version(id, '1.1.0')).get()).data()!;
    expect(version.previousVersion).toBe('1.0.0');
    expect(version.permissionDiff).toEqual({
      added: [{ name: 'notifications:send', reason: 'Warns operators about storms' }],
      removed: [],
      changed: [{ name: 'network:fetch', added: ['alerts.weather.example.com'], removed: [] }],
    });
    expect((await admin.db.doc(paths.plugin(id)).get()).get('latestVersion')).toBe('1.1.0');
  });

  it('rejects an invalid package with every problem and registers nothing', async () => {
    const id = `${publisherId}.broken`;
    const bytes = await packPlugin(id, {
      version: 'one',
      main: 'missing.js',
      permissions: [{ name: 'network:fetch', reason: 'Anything anywhere please', hosts: ['*.example.com'] }],
    });
    const upload = await publishThroughUpload(developer, publisherId, bytes);
    expect(upload.state).toBe('rejected');
    expect(upload.errors.map((e) => e.code).sort()).toEqual(
      ['manifest-file-missing', 'manifest-version-invalid', 'permission-host-wildcard'].sort(),
    );
    for (const error of upload.errors) expect(error.path).toMatch(/^plugin\.json#\//);
    await objectRemoved(upload.objectPath);
    expect((await admin.db.doc(paths.plugin(id)).get()).exists).toBe(false);
    expect(upload.steps.rejected).toBeDefined();
  });

  it('never replaces a published version, even after a yank', async () => {
    const id = `${publisherId}.immutable`;
    expect((await publishThroughUpload(developer, publisherId, await packPlugin(id))).state).toBe('published');
    const original = (await admin.db.doc(paths.version(id, '1.0.0')).get()).get('sha256');
    const again = await publishThroughUpload(
      developer,
      publisherId,
      await packPlugin(id, { description: 'A different build of the same version.' }),
    );
    expect(again.errors.map((e) => e.code)).toEqual(['version-exists']);
    await admin.db.doc(paths.version(id, '1.0.0')).update({ status: 'yanked' });
    const afterYank = await publishThroughUpload(
      developer,
      publisherId,
      await packPlugin(id, { description: 'Yet another build of the same version.' }),
    );
    expect(afterYank.errors).toEqual([
      expect.objectContaining({ code: 'version-exists', message: expect.stringContaining('yanked') }),
    ]);
    expect((await admin.db.doc(paths.version(id, '1.0.0')).get()).get('sha256')).toBe(original);
  });

  it('refuses ids of other publishers, confusable ids and reserved names', async () => {
    const owner = `${publisherId}.motor-driver`;
    expect((await publishThroughUpload(developer, publisherId, await packPlugin(owner))).state).toBe('published');

    const mallory = await createUser(`${uniqueId('mallory')}@example.com`);
    const malloryPub = uniqueId('mal');
    await createPublisher(malloryPub, [mallory.uid]);
    const client = await connectClient(mallory);
    // Claiming another publisher's namespace.
    const stolen = await publishThroughUpload(client, malloryPub, await packPlugin(owner, { version: '9.0.0' }));
    // One answer, whether the id exists or not: nothing about the other publisher shows.
    expect(stolen.errors.map((e) => e.code)).toEqual(['publisher-mismatch']);
    // A look-alike of an existing id under a look-alike publisher name.
    const lookAlikePub = publisherId.replace(/m/g, 'rn');
    if (lookAlikePub !== publisherId) {
      await createPublisher(lookAlikePub, [mallory.uid]);
      const confusable = await publishThroughUpload(
        client,
        lookAlikePub,
        await packPlugin(`${lookAlikePub}.motor-driver`),
      );
      expect(confusable.errors.map((e) => e.code)).toEqual(['id-confusable']);
    }
    await createPublisher('mlebotics', [mallory.uid]);
    const reserved = await publishThroughUpload(client, 'mlebotics', await packPlugin('mlebotics.official-tools'));
    expect(reserved.errors.map((e) => e.code)).toEqual(['id-reserved']);
    await client.close();
  });

  it('rejects a file that is not the one announced', async () => {
    const bytes = await packPlugin(`${publisherId}.swapped`);
    const intent = await developer.call(createUpload, { publisherId, size: bytes.length, sha256: '0'.repeat(64) });
    const finished = waitForUpload(developer, intent.uploadId);
    await uploadBytes(ref(developer.storage, intent.objectPath), bytes);
    const upload = await finished;
    expect(upload.errors.map((e) => e.code)).toEqual(['upload-mismatch']);
    await objectRemoved(intent.objectPath);
  });

  it('deletes objects in uploads/ that match no intent', async () => {
    const path = objectPaths.upload(developerUid, uniqueId('nointent'));
    await admin.bucket().file(path).save(Buffer.from('not announced'));
    await objectRemoved(path);
  });
});

describe('upload intents', () => {
  it('require membership of the publisher and a size within the limit', async () => {
    const outsider = await connectClient(await createUser(`${uniqueId('outsider')}@example.com`));
    await expect(outsider.call(createUpload, { publisherId, size: 100, sha256: 'a'.repeat(64) })).rejects.toMatchObject(
      {
        code: 'functions/permission-denied',
        message: expect.stringContaining(`not a member of the publisher "${publisherId}"`),
      },
    );
    await expect(
      outsider.call(createUpload, { publisherId: 'no-such-publisher', size: 100, sha256: 'a'.repeat(64) }),
    ).rejects.toMatchObject({
      code: 'functions/not-found',
    });
    await expect(
      developer.call(createUpload, { publisherId, size: 26 * 1024 * 1024, sha256: 'a'.repeat(64) }),
    ).rejects.toMatchObject({
      code: 'functions/invalid-argument',
      message: expect.stringContaining('size'),
    });
    await outsider.close();
  });
});
