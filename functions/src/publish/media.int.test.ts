import { converters, objectPaths, paths } from '@mlebotics/shared';
import { sha256Hex } from '@mlebotics/shared/node';
import {
  admin,
  adminDoc,
  connectClient,
  createPublisher,
  createUser,
  packPlugin,
  publishThroughUpload,
  resetEmulators,
  solidPng,
  uniqueId,
  type Client,
} from '@mlebotics/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let developer: Client;
let publisherId: string;

beforeAll(async () => {
  await resetEmulators();
  const user = await createUser(`${uniqueId('dev')}@example.com`);
  publisherId = uniqueId('pub');
  await createPublisher(publisherId, [user.uid]);
  developer = await connectClient(user);
});
afterAll(() => developer?.close());

const CHANGELOG = `# Changelog

## [1.1.0] - 2026-12-01

### Added
- Alerts for **storms**.

## [1.0.0] - 2026-11-01

- First release.
`;

const versionDoc = async (id: string, version: string) =>
  (await adminDoc(converters.version, paths.version(id, version)).get()).data()!;
const objectExists = async (path: string) => (await admin.bucket().file(path).exists())[0];

describe('release notes and screenshots', () => {
  it('stores the version’s release notes and copies its screenshots to the registry', async () => {
    const id = `${publisherId}.gallery`;
    const first = solidPng(640, 400, [200, 40, 40]);
    const second = solidPng(320, 200, [40, 200, 40]);
    const bytes = await packPlugin(
      id,
      {
        version: '1.1.0',
        changelog: 'CHANGELOG.md',
        screenshots: [
          { path: 'shots/overview.png', caption: 'The overview of a fleet' },
          { path: 'shots/alert.png', caption: 'A storm alert' },
        ],
      },
      { 'CHANGELOG.md': CHANGELOG, 'shots/overview.png': first, 'shots/alert.png': second },
    );
    const upload = await publishThroughUpload(developer, publisherId, bytes);
    expect(upload.errors).toEqual([]);
    expect(upload.state).toBe('published');

    const version = await versionDoc(id, '1.1.0');
    expect(version.releaseNotes).toBe('### Added\n- Alerts for **storms**.');
    expect(version.screenshots).toEqual([
      {
        path: objectPaths.screenshot(id, '1.1.0', 0, 'png'),
        caption: 'The overview of a fleet',
        width: 640,
        height: 400,
        type: 'png',
      },
      {
        path: objectPaths.screenshot(id, '1.1.0', 1, 'png'),
        caption: 'A storm alert',
        width: 320,
        height: 200,
        type: 'png',
      },
    ]);
    expect(version.screenshots[0]!.path).toBe(objectPaths.screenshot(id, '1.1.0', 0, 'png'));
    for (const [i, original] of [first, second].entries()) {
      const file = admin.bucket().file(version.screenshots[i]!.path);
      const [stored] = await file.download();
      expect(sha256Hex(stored)).toBe(sha256Hex(original));
      const [metadata] = await file.getMetadata();
      expect(metadata.contentType).toBe('image/png');
      expect(metadata.cacheControl).toMatch(/immutable/);
    }
  });

  it('records no notes and no screenshots for a package without them', async () => {
    const id = `${publisherId}.plain`;
    const upload = await publishThroughUpload(developer, publisherId, await packPlugin(id));
    expect(upload.state).toBe('published');
    const version = await versionDoc(id, '1.0.0');
    expect(version.releaseNotes).toBeNull();
    expect(version.screenshots).toEqual([]);
    // Stored as such, not only defaulted when read.
    const raw = (await admin.db.doc(paths.version(id, '1.0.0')).get()).data()!;
    expect(raw).toMatchObject({ releaseNotes: null, screenshots: [] });
    expect(await objectExists(objectPaths.screenshot(id, '1.0.0', 0, 'png'))).toBe(false);
  });

  it('rejects a package whose changelog lacks the version and writes no screenshots', async () => {
    const id = `${publisherId}.nonotes`;
    const bytes = await packPlugin(
      id,
      {
        version: '2.0.0',
        changelog: 'CHANGELOG.md',
        screenshots: [{ path: 'shot.png', caption: 'Main view' }],
      },
      { 'CHANGELOG.md': CHANGELOG, 'shot.png': solidPng(320, 200) },
    );
    const upload = await publishThroughUpload(developer, publisherId, bytes);
    expect(upload.errors.map((e) => e.code)).toEqual(['changelog-invalid']);
    expect(await objectExists(objectPaths.screenshot(id, '2.0.0', 0, 'png'))).toBe(false);
  });
});
