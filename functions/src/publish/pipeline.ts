import {
  DEFAULT_LIMITS,
  MANIFEST_FILE,
  buildStatement,
  diffPermissions,
  formatBytes,
  converters,
  objectPaths,
} from '@mlebotics/shared';
import { validatePackageBytes } from '@mlebotics/shared/node';
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import { createHash } from 'node:crypto';
import semver from 'semver';
import { bucket, db } from '../lib/admin.js';
import { cols, docs, projected } from '../lib/documents.js';
import { configuredSigner } from '../signing/config.js';
import { signStatement } from '../signing/sign-statement.js';
import type { Signer } from '../signing/signer.js';
import {
  Attempt,
  DEFAULT_LEASE_MS,
  Rejection,
  SimulatedCrash,
  UploadBusy,
  deleteObject,
  reject,
  type CrashPoint,
  type ProcessOutcome,
  type StoredObject,
} from './attempt.js';
import { placeArtifact, placeScreenshots, removeUnreferencedArtifact } from './artifact.js';
import { commitVersion, withContentionRetries, type Commit } from './commit.js';
import { packageMedia } from './media.js';
import { publishDevelopmentBuild } from './development.js';
import { assertPublishable } from './ownership.js';
import { blockedIssues, scanOptionsFor } from './scan.js';
import { tokenUploadRefusal } from '../publishers/tokens.js';

export { SimulatedCrash, UploadBusy, type CrashPoint, type ProcessOutcome, type StoredObject };

export interface ProcessOptions {
  signer?: Signer;
  /** How long an attempt owns the upload before a redelivery may take over. */
  leaseMs?: number;
  crashAfter?: CrashPoint;
}

/**
 * Processes an object finalized in the bucket. Objects outside `uploads/` are ignored (the
 * function's own copies into `registry/`); objects without a matching intent are deleted. The
 * upload goes received → validating → signing → published | rejected, each step on the upload
 * document. Safe to run again for the same object at any point (at-least-once delivery).
 */
export async function processUpload(object: StoredObject, options: ProcessOptions = {}): Promise<ProcessOutcome> {
  if (!objectPaths.inUploads(object.name)) return 'ignored';
  const parsed = objectPaths.parseUpload(object.name);
  if (!parsed) {
    logger.warn('Deleting an object in uploads/ that no intent can match', { object: object.name });
    await deleteObject(object.name);
    return 'deleted-unknown';
  }
  const ref = docs.upload(parsed.uploadId);
  const attempt = new Attempt(ref, object, options.leaseMs ?? DEFAULT_LEASE_MS);

  const claim = await db.runTransaction(async (tx) => {
    const upload = (await tx.get(ref)).data();
    if (!upload || upload.uid !== parsed.uid || upload.objectPath !== object.name) return 'unknown' as const;
    const state = upload.state;
    if (state === 'published' || state === 'rejected' || state === 'in-review' || state === 'development-ready')
      return 'done' as const;
    if (upload.lease && upload.lease.until.toMillis() > Date.now()) return 'busy' as const;
    const expired = state === 'awaiting-upload' && upload.expiresAt.toMillis() < Date.now();
    tx.update(ref, {
      lease: { token: attempt.token, until: Timestamp.fromMillis(Date.now() + attempt.leaseMs) },
      attempts: FieldValue.increment(1),
      ...(state === 'awaiting-upload' ? { state: 'received', 'steps.received': FieldValue.serverTimestamp() } : {}),
    });
    return expired ? ('expired' as const) : ('claimed' as const);
  });
  if (claim === 'unknown') {
    logger.warn('Deleting an uploaded object with no matching upload intent', { object: object.name });
    await deleteObject(object.name);
    return 'deleted-unknown';
  }
  if (claim === 'done') {
    await deleteObject(object.name);
    return 'already-done';
  }
  if (claim === 'busy') throw new UploadBusy(`upload ${parsed.uploadId} is being processed by another attempt`);

  try {
    if (claim === 'expired') {
      throw new Rejection([
        { code: 'upload-expired', message: 'The package arrived after its upload intent expired (1 hour).' },
      ]);
    }
    return await publish(attempt, options);
  } catch (error) {
    if (error instanceof Rejection) {
      await reject(attempt, error.issues, error.scan);
      return 'rejected';
    }
    // Waiting for another upload: give the lease back so the retried event can proceed.
    if (error instanceof UploadBusy) await attempt.release();
    throw error;
  }
}

async function publish(attempt: Attempt, options: ProcessOptions): Promise<ProcessOutcome> {
  const { ref, object } = attempt;
  const intent = (await ref.get()).data();
  if (!intent) throw new Error(`upload ${ref.id} was deleted while being processed`);
  // Storage rules cannot see a token's state: an upload announced before its token was revoked
  // (or expired) is refused here.
  const tokenRefusal = await tokenUploadRefusal(intent.uid);
  if (tokenRefusal) throw new Rejection([{ code: 'token-revoked', message: tokenRefusal }]);
  const uploadId = ref.id;
  if (object.size !== intent.size) {
    throw new Rejection([
      {
        code: 'upload-mismatch',
        message: `The uploaded file has ${object.size} bytes but the upload announced ${intent.size}. Start the upload again.`,
      },
    ]);
  }
  if (object.size > DEFAULT_LIMITS.maxCompressedBytes) {
    throw new Rejection([
      {
        code: 'package-too-large',
        message: `The package is ${formatBytes(object.size)}; the limit is ${formatBytes(DEFAULT_LIMITS.maxCompressedBytes)}.`,
      },
    ]);
  }
  const [bytes] = await bucket().file(object.name).download();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== intent.sha256) {
    throw new Rejection([
      {
        code: 'upload-mismatch',
        message: `The uploaded file's sha256 ${sha256} differs from the announced ${intent.sha256}. Start the upload again.`,
      },
    ]);
  }

  await attempt.advance('validating');
  const publisherId = intent.publisherId;
  // One pass over the bytes: the scan reads each file as the validator's reader produces it.
  const validation = await validatePackageBytes(bytes, undefined, await scanOptionsFor(publisherId));
  const scan = validation.scan ?? null;
  if (!validation.ok || !validation.manifest || !validation.contents) throw new Rejection(validation.errors, scan);
  if (!scan) throw new Error(`the scan of upload ${uploadId} produced no result`);
  if (scan.outcome === 'blocked') throw new Rejection(blockedIssues(scan), scan);
  const manifest = validation.manifest;
  if (intent.development) {
    const dev = {
      orgId: intent.development.orgId,
      publisherId,
      uploaderUid: intent.uid,
      manifest,
      sha256,
      size: object.size,
    };
    const { icon } = await packageMedia(bytes, manifest, validation.contents);
    return publishDevelopmentBuild(attempt, { ...dev, contents: validation.contents, icon, scan }, options.signer);
  }
  await assertPublishable(manifest, publisherId, uploadId, intent.uid);
  const { readme, icon, notes, screenshots } = await packageMedia(bytes, manifest, validation.contents);
  if (options.crashAfter === 'validated') throw new SimulatedCrash('validated');

  await attempt.advance('signing', { scan });
  const versionsSnap = await cols.versions(manifest.id).select('permissions').get();
  const previous = versionsSnap.docs
    .filter((d) => semver.valid(d.id) && semver.lt(d.id, manifest.version))
    .sort((a, b) => semver.rcompare(a.id, b.id))[0];
  const permissionDiff = diffPermissions(
    previous ? projected(converters.version, ['permissions'], previous).permissions : [],
    manifest.permissions,
  );

  const manifestSha256 = validation.contents.files.find((f) => f.path === MANIFEST_FILE)!.sha256;
  const publishedAt = new Date();
  const statement = buildStatement(sha256, {
    pluginId: manifest.id,
    version: manifest.version,
    publisher: publisherId,
    uploader: intent.uid,
    uploadId,
    manifestSha256,
    permissions: manifest.permissions,
    files: validation.contents.files,
    publishedAt: publishedAt.toISOString(),
  });
  const signer = options.signer ?? (await configuredSigner());
  const { envelope, key } = await signStatement(signer, statement);
  if (options.crashAfter === 'signed') throw new SimulatedCrash('signed');

  const artifactPath = objectPaths.artifact(manifest.id, manifest.version);
  const envelopePath = objectPaths.envelope(manifest.id, manifest.version);
  await placeArtifact(attempt, object.name, artifactPath, envelopePath, envelope, {
    uploadId,
    sha256,
    pluginId: manifest.id,
    version: manifest.version,
  });

  await placeScreenshots(
    screenshots.map((s) => s.object),
    { uploadId, sha256, pluginId: manifest.id, version: manifest.version },
  );
  if (options.crashAfter === 'copied') throw new SimulatedCrash('copied');

  // Read outside the transaction: it only locks what must be consistent with the version.
  const publisher = (await docs.publisher(publisherId).get()).data();
  const commit: Commit = {
    manifest,
    publisherId,
    publisherName: publisher?.displayName ?? publisherId,
    publisherVerified: publisher?.verified === true,
    uploadId,
    uploaderUid: intent.uid,
    sha256,
    size: object.size,
    fileCount: validation.contents.files.length,
    manifestSha256,
    permissionDiff,
    previousVersion: previous?.id ?? null,
    artifactPath,
    envelopePath,
    envelope,
    keyId: key.keyId,
    icon,
    readme,
    releaseNotes: notes,
    screenshots: screenshots.map((s) => s.entry),
    publishedAt,
    scan,
  };
  try {
    await withContentionRetries(attempt, () => commitVersion(attempt, commit));
  } catch (error) {
    if (error instanceof Rejection) {
      const written = screenshots.map((s) => s.entry.path);
      await removeUnreferencedArtifact(artifactPath, envelopePath, uploadId, manifest, written);
    }
    throw error;
  }
  if (options.crashAfter === 'committed') throw new SimulatedCrash('committed');
  await deleteObject(object.name);
  const held = scan.outcome === 'quarantined';
  logger.info(held ? 'Held for review' : 'Published', {
    pluginId: manifest.id,
    version: manifest.version,
    uploadId,
    keyId: key.keyId,
    findings: scan.counts,
  });
  return held ? 'in-review' : 'published';
}
