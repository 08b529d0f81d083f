// Where a published version's bytes go: the registry path, under a per-version artifact lock.
import { objectPaths, type DsseEnvelope, type PluginManifest } from '@mlebotics/shared';
import { FieldValue } from 'firebase-admin/firestore';
import { bucket, db } from '../lib/admin.js';
import { docs } from '../lib/documents.js';
import { type Attempt, Rejection, UploadBusy, deleteObject } from './attempt.js';

export interface ArtifactMeta {
  uploadId: string;
  sha256: string;
  pluginId: string;
  version: string;
}

/**
 * Copies the upload to its registry path and writes the envelope beside it, after taking the
 * version's artifact lock in Firestore: only one upload at a time may write a version's
 * artifact, an unfinished upload's lock is taken over only once its lease ran out, and nothing
 * is written once a version document exists (published artifacts are immutable).
 */
export async function placeArtifact(
  attempt: Attempt,
  source: string,
  artifactPath: string,
  envelopePath: string,
  envelope: DsseEnvelope,
  meta: ArtifactMeta,
) {
  await db.runTransaction(async (tx) => {
    const lockRef = docs.artifactLock(meta.pluginId, meta.version);
    const [lock, version, mine] = await Promise.all([
      tx.get(lockRef),
      tx.get(docs.version(meta.pluginId, meta.version)),
      tx.get(attempt.ref),
    ]);
    if (mine.data()?.lease?.token !== attempt.token) throw new UploadBusy('another attempt took over this upload');
    if (version.exists) {
      throw new Rejection([
        {
          code: 'version-exists',
          message: `${meta.pluginId}@${meta.version} is already published; versions are immutable.`,
          path: 'plugin.json#/version',
        },
      ]);
    }
    const owner = lock.data()?.uploadId;
    if (owner && owner !== meta.uploadId) {
      const other = (await tx.get(docs.upload(owner))).data();
      const until = other?.lease?.until;
      const active =
        !!other &&
        other.state !== 'published' &&
        other.state !== 'rejected' &&
        !!until &&
        until.toMillis() > Date.now();
      if (active) throw new UploadBusy(`another upload of ${meta.pluginId}@${meta.version} is in progress`);
    }
    tx.set(lockRef, { uploadId: meta.uploadId, lockedAt: FieldValue.serverTimestamp() });
  });
  const files = bucket();
  await files.file(source).copy(files.file(artifactPath), { contentType: 'application/gzip', metadata: { ...meta } });
  await files.file(envelopePath).save(JSON.stringify(envelope), {
    contentType: 'application/json',
    metadata: { metadata: { ...meta } },
    resumable: false,
  });
}

/** A screenshot to copy to the registry: its Storage path, bytes and content type. */
export interface ScreenshotObject {
  path: string;
  bytes: Uint8Array;
  contentType: string;
}

/** Published screenshots never change; only their viewers may cache them (the listing may turn private). */
export const SCREENSHOT_CACHE_CONTROL = 'private, max-age=31536000, immutable';

/**
 * Writes a version's screenshots next to its artifact, under the artifact lock taken by
 * placeArtifact (call it after): first clearing what an earlier, abandoned upload of the same
 * version may have left in the version's screenshots folder, so only this package's remain.
 */
export async function placeScreenshots(screenshots: readonly ScreenshotObject[], meta: ArtifactMeta): Promise<void> {
  const files = bucket();
  const folder = objectPaths.screenshot(meta.pluginId, meta.version, 0, 'png').replace(/0\.png$/, '');
  await files.deleteFiles({ prefix: folder });
  await Promise.all(
    screenshots.map((shot) =>
      files.file(shot.path).save(Buffer.from(shot.bytes), {
        contentType: shot.contentType,
        metadata: { cacheControl: SCREENSHOT_CACHE_CONTROL, metadata: { ...meta } },
        resumable: false,
      }),
    ),
  );
}

/**
 * After a rejection at commit: removes the artifact and screenshots this upload placed, unless a
 * version uses them.
 */
export async function removeUnreferencedArtifact(
  artifactPath: string,
  envelopePath: string,
  uploadId: string,
  manifest: PluginManifest,
  screenshotPaths: readonly string[] = [],
) {
  const lockRef = docs.artifactLock(manifest.id, manifest.version);
  const ours = await db.runTransaction(async (tx) => {
    const [lock, version] = await Promise.all([tx.get(lockRef), tx.get(docs.version(manifest.id, manifest.version))]);
    if (version.exists || lock.data()?.uploadId !== uploadId) return false;
    tx.delete(lockRef);
    return true;
  });
  if (ours) await Promise.all([artifactPath, envelopePath, ...screenshotPaths].map((path) => deleteObject(path)));
}
