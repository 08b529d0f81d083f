import {
  DEFAULT_LIMITS,
  MANIFEST_FILE,
  buildStatement,
  diffPermissions,
  formatBytes,
  idSkeleton,
  objectPaths,
  paths,
  reservedReason,
  statementPayload,
  toBase64,
  type DsseEnvelope,
  type PluginManifest,
  type UploadState,
  type ValidationIssue,
} from '@mlebotics/shared';
import { readPackageFiles, validatePackageBytes } from '@mlebotics/shared/node';
import { FieldValue, Timestamp, type DocumentReference, type Transaction } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import { createHash, randomUUID } from 'node:crypto';
import semver from 'semver';
import { bucket, db } from '../lib/admin.js';
import { configuredSigner } from '../signing/config.js';
import { ensureKeyPublished } from '../signing/keys.js';
import type { Signer } from '../signing/signer.js';
import { publisherIdClaimRef } from '../publishers/claims.js';
import { iconDataUrl, initialListingFields, manifestListingFields, preferredLatest } from './listing.js';

/** Points after which tests inject a crash (the work so far is kept, the rest is redone). */
export type CrashPoint = 'validated' | 'signed' | 'copied' | 'committed';

export class SimulatedCrash extends Error {
  constructor(readonly point: CrashPoint) {
    super(`simulated crash after ${point}`);
    this.name = 'SimulatedCrash';
  }
}

/** Another attempt holds the lease: the event must be retried later, not dropped. */
export class UploadBusy extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadBusy';
  }
}

/** The package cannot be published: every issue found goes on the upload document. */
class Rejection extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map((i) => i.message).join(' '));
  }
}

export interface ProcessOptions {
  signer?: Signer;
  /** How long an attempt owns the upload before a redelivery may take over. */
  leaseMs?: number;
  crashAfter?: CrashPoint;
}

export type ProcessOutcome = 'ignored' | 'deleted-unknown' | 'already-done' | 'published' | 'rejected';

export interface StoredObject {
  name: string;
  size: number;
}

const DEFAULT_LEASE_MS = 120_000;
/** Envelopes larger than this stay in Storage only (Firestore documents hold at most 1 MiB). */
const MAX_INLINE_ENVELOPE_BYTES = 200 * 1024;

const storageCode = (error: unknown) => (error as { code?: number }).code;

async function deleteObject(name: string): Promise<void> {
  await bucket()
    .file(name)
    .delete()
    .catch((error: unknown) => {
      if (storageCode(error) !== 404) throw error;
    });
}

/** One attempt at processing one upload: owns the upload document through a lease token. */
class Attempt {
  readonly token = randomUUID();

  constructor(
    readonly ref: DocumentReference,
    readonly object: StoredObject,
    readonly leaseMs: number,
  ) {}

  /** Keeps the lease for another leaseMs; throws UploadBusy if it was lost meanwhile. */
  async extendLease(): Promise<void> {
    await db.runTransaction(async (tx) => {
      const snap = await tx.get(this.ref);
      if (snap.get('lease.token') !== this.token) throw new UploadBusy('another attempt took over this upload');
      tx.update(this.ref, { 'lease.until': Timestamp.fromMillis(Date.now() + this.leaseMs) });
    });
  }

  /** Gives up the lease, if this attempt still holds it. */
  async release(): Promise<void> {
    await db.runTransaction(async (tx) => {
      const snap = await tx.get(this.ref);
      if (snap.get('lease.token') === this.token) tx.update(this.ref, { lease: null });
    });
  }

  /** Updates the upload document if this attempt still owns it; throws UploadBusy otherwise. */
  async advance(state: UploadState, extra: Record<string, unknown> = {}, tx?: Transaction): Promise<void> {
    const apply = async (t: Transaction) => {
      const snap = await t.get(this.ref);
      if (snap.get('lease.token') !== this.token) throw new UploadBusy('another attempt took over this upload');
      t.update(this.ref, {
        state,
        [`steps.${state}`]: FieldValue.serverTimestamp(),
        lease: { token: this.token, until: Timestamp.fromMillis(Date.now() + this.leaseMs) },
        ...extra,
      });
    };
    if (tx) await apply(tx);
    else await db.runTransaction(apply);
  }
}

/**
 * Processes an object finalized in the bucket. Objects outside `uploads/` are ignored (the
 * function's own copies into `registry/`); objects without a matching intent are deleted. The
 * upload goes received → validating → signing → published | rejected, each step on the upload
 * document. Safe to run again for the same object at any point (at-least-once delivery).
 */
export async function processUpload(object: StoredObject, options: ProcessOptions = {}): Promise<ProcessOutcome> {
  if (!object.name.startsWith('uploads/')) return 'ignored';
  const parsed = objectPaths.parseUpload(object.name);
  if (!parsed) {
    logger.warn('Deleting an object in uploads/ that no intent can match', { object: object.name });
    await deleteObject(object.name);
    return 'deleted-unknown';
  }
  const ref = db.doc(paths.upload(parsed.uploadId));
  const attempt = new Attempt(ref, object, options.leaseMs ?? DEFAULT_LEASE_MS);

  const claim = await db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    if (!snap.exists || snap.get('uid') !== parsed.uid || snap.get('objectPath') !== object.name)
      return 'unknown' as const;
    const state = snap.get('state') as UploadState;
    if (state === 'published' || state === 'rejected') return 'done' as const;
    const leaseUntil = snap.get('lease.until') as Timestamp | undefined;
    if (snap.get('lease.token') && leaseUntil && leaseUntil.toMillis() > Date.now()) return 'busy' as const;
    const expired = state === 'awaiting-upload' && (snap.get('expiresAt') as Timestamp).toMillis() < Date.now();
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
      await reject(attempt, error.issues);
      return 'rejected';
    }
    // Waiting for another upload: give the lease back so the retried event can proceed.
    if (error instanceof UploadBusy) await attempt.release();
    throw error;
  }
}

async function publish(attempt: Attempt, options: ProcessOptions): Promise<ProcessOutcome> {
  const { ref, object } = attempt;
  const intent = (await ref.get()).data()!;
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
  const validation = await validatePackageBytes(bytes);
  if (!validation.ok || !validation.manifest || !validation.contents) throw new Rejection(validation.errors);
  const manifest = validation.manifest;
  const publisherId = String(intent.publisherId);
  await assertPublishable(manifest, publisherId, uploadId);
  if (options.crashAfter === 'validated') throw new SimulatedCrash('validated');

  await attempt.advance('signing');
  const versionsSnap = await db.collection(paths.versions(manifest.id)).select('permissions').get();
  const previous = versionsSnap.docs
    .filter((d) => semver.valid(d.id) && semver.lt(d.id, manifest.version))
    .sort((a, b) => semver.rcompare(a.id, b.id))[0];
  const permissionDiff = diffPermissions(previous ? (previous.get('permissions') ?? []) : [], manifest.permissions);

  const manifestSha256 = validation.contents.files.find((f) => f.path === MANIFEST_FILE)!.sha256;
  const publishedAt = new Date();
  const statement = buildStatement(sha256, {
    pluginId: manifest.id,
    version: manifest.version,
    publisher: publisherId,
    uploader: String(intent.uid),
    uploadId,
    manifestSha256,
    permissions: manifest.permissions,
    files: validation.contents.files,
    publishedAt: publishedAt.toISOString(),
  });
  const signer = options.signer ?? (await configuredSigner());
  const key = await signer.describeKey();
  await ensureKeyPublished(key);
  const { payload, pae } = statementPayload(statement);
  const envelope: DsseEnvelope = {
    payloadType: 'application/vnd.in-toto+json',
    payload: toBase64(payload),
    signatures: [{ keyid: key.keyId, sig: toBase64(await signer.sign(pae)) }],
  };
  if (options.crashAfter === 'signed') throw new SimulatedCrash('signed');

  const artifactPath = objectPaths.artifact(manifest.id, manifest.version);
  const envelopePath = objectPaths.envelope(manifest.id, manifest.version);
  await placeArtifact(attempt, object.name, artifactPath, envelopePath, envelope, {
    uploadId,
    sha256,
    pluginId: manifest.id,
    version: manifest.version,
  });
  if (options.crashAfter === 'copied') throw new SimulatedCrash('copied');

  const wanted = new Set([manifest.readme, manifest.icon]);
  const kept =
    wanted.size && [...wanted].every((p) => validation.contents!.kept.has(p))
      ? validation.contents.kept
      : (await readPackageFiles(bytes, wanted, Math.max(DEFAULT_LIMITS.maxReadmeBytes, DEFAULT_LIMITS.maxIconBytes)))
          .kept;
  const readme = new TextDecoder().decode(kept.get(manifest.readme) ?? new Uint8Array());
  const icon = iconDataUrl(manifest.icon, kept.get(manifest.icon));

  // Read outside the transaction: it only locks what must be consistent with the version.
  const publisher = (await db.doc(paths.publisher(publisherId)).get()).data();
  const commit: Commit = {
    manifest,
    publisherId,
    publisherName: String(publisher?.displayName ?? publisherId),
    publisherVerified: publisher?.verified === true,
    uploadId,
    uploaderUid: String(intent.uid),
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
    publishedAt,
  };
  try {
    await withContentionRetries(attempt, () => commitVersion(attempt, commit));
  } catch (error) {
    if (error instanceof Rejection) await removeUnreferencedArtifact(artifactPath, envelopePath, uploadId, manifest);
    throw error;
  }
  if (options.crashAfter === 'committed') throw new SimulatedCrash('committed');
  await deleteObject(object.name);
  logger.info('Published', { pluginId: manifest.id, version: manifest.version, uploadId, keyId: key.keyId });
  return 'published';
}

const isContention = (error: unknown) => {
  const code = (error as { code?: unknown }).code;
  return code === 10 || code === 'aborted' || /ABORTED|contention|lock timeout/i.test(String((error as Error).message));
};

/**
 * Runs a transaction again, with jittered backoff, while it fails for contention (many versions
 * of one plugin published at once all update its listing). The lease is extended meanwhile so
 * no redelivery takes the upload over.
 */
async function withContentionRetries(attempt: Attempt, run: () => Promise<void>, tries = 8): Promise<void> {
  for (let n = 1; ; n++) {
    try {
      return await run();
    } catch (error) {
      if (!isContention(error) || n >= tries) throw error;
      logger.warn('Commit contended; trying again', { uploadId: attempt.ref.id, attempt: n });
      await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 100 * 2 ** n) * (0.5 + Math.random())));
      await attempt.extendLease();
    }
  }
}

interface Commit {
  manifest: PluginManifest;
  publisherId: string;
  publisherName: string;
  publisherVerified: boolean;
  uploadId: string;
  uploaderUid: string;
  sha256: string;
  size: number;
  fileCount: number;
  manifestSha256: string;
  permissionDiff: ReturnType<typeof diffPermissions>;
  previousVersion: string | null;
  artifactPath: string;
  envelopePath: string;
  envelope: DsseEnvelope;
  keyId: string;
  icon: string | null;
  readme: string;
  publishedAt: Date;
}

/**
 * Registers the version: version, README, listing, id claim and upload documents in one
 * transaction, after re-checking ownership and immutability under its locks. Concurrent
 * publishes of one plugin contend on the listing, hence the extra attempts.
 */
function commitVersion(attempt: Attempt, c: Commit): Promise<void> {
  const { manifest, publisherId } = c;
  return db.runTransaction(
    async (tx) => {
      const pluginRef = db.doc(paths.plugin(manifest.id));
      const versionRef = db.doc(paths.version(manifest.id, manifest.version));
      const claimRef = db.doc(paths.idClaim(idSkeleton(manifest.id)));
      const publisherClaimRef = publisherIdClaimRef(publisherId);
      const [upload, plugin, version, claimDoc, publisherClaim] = await Promise.all([
        tx.get(attempt.ref),
        tx.get(pluginRef),
        tx.get(versionRef),
        tx.get(claimRef),
        tx.get(publisherClaimRef),
      ]);
      if (upload.get('lease.token') !== attempt.token) throw new UploadBusy('another attempt took over this upload');
      const problems = ownershipProblems(manifest, publisherId, c.uploadId, {
        plugin: plugin.data(),
        claim: claimDoc.data(),
        publisherClaim: publisherClaim.data(),
        version: version.data(),
      });
      if (problems.length) throw new Rejection(problems);
      tx.create(versionRef, {
        pluginId: manifest.id,
        version: manifest.version,
        prerelease: semver.prerelease(manifest.version) !== null,
        publisherId,
        manifest,
        manifestSha256: c.manifestSha256,
        platformRange: manifest.engines.platform,
        permissions: manifest.permissions,
        permissionDiff: c.permissionDiff,
        previousVersion: c.previousVersion,
        sha256: c.sha256,
        size: c.size,
        fileCount: c.fileCount,
        artifactPath: c.artifactPath,
        envelopePath: c.envelopePath,
        envelope: JSON.stringify(c.envelope).length <= MAX_INLINE_ENVELOPE_BYTES ? c.envelope : null,
        keyId: c.keyId,
        iconDataUrl: c.icon,
        status: 'published',
        deprecated: null,
        uploadId: c.uploadId,
        publishedBy: c.uploaderUid,
        publishedAt: Timestamp.fromDate(c.publishedAt),
      });
      tx.set(db.doc(paths.versionAsset(manifest.id, manifest.version, 'readme')), { markdown: c.readme });
      const showsNewVersion = preferredLatest(plugin.get('latestVersion') as string | undefined, manifest.version);
      const publisherFields = { publisherName: c.publisherName, publisherVerified: c.publisherVerified };
      if (!plugin.exists) {
        tx.create(pluginRef, {
          ...initialListingFields(publisherId),
          ...manifestListingFields(manifest, c.icon),
          ...publisherFields,
          latestVersion: manifest.version,
          versionCount: 1,
          createdAt: FieldValue.serverTimestamp(),
          updatedAt: FieldValue.serverTimestamp(),
        });
      } else {
        tx.update(pluginRef, {
          ...(showsNewVersion
            ? {
                ...manifestListingFields(manifest, c.icon, plugin.get('overrides') ?? {}),
                latestVersion: manifest.version,
              }
            : {}),
          ...publisherFields,
          versionCount: FieldValue.increment(1),
          updatedAt: FieldValue.serverTimestamp(),
        });
      }
      if (!claimDoc.exists) {
        tx.create(claimRef, { pluginId: manifest.id, publisherId, createdAt: FieldValue.serverTimestamp() });
      }
      // A publisher created before publisher ids were claimed claims its id on its first publish.
      if (!publisherClaim.exists) {
        tx.create(publisherClaimRef, { publisherId, source: 'id', createdAt: FieldValue.serverTimestamp() });
      }
      tx.delete(db.doc(paths.artifactLock(manifest.id, manifest.version)));
      tx.update(attempt.ref, {
        state: 'published',
        'steps.published': FieldValue.serverTimestamp(),
        pluginId: manifest.id,
        version: manifest.version,
        errors: [],
        lease: null,
      });
    },
    { maxAttempts: 10 },
  );
}

/** After a rejection at commit: removes the artifact this upload placed, unless a version uses it. */
async function removeUnreferencedArtifact(
  artifactPath: string,
  envelopePath: string,
  uploadId: string,
  manifest: PluginManifest,
) {
  const lockRef = db.doc(paths.artifactLock(manifest.id, manifest.version));
  const ours = await db.runTransaction(async (tx) => {
    const [lock, version] = await Promise.all([
      tx.get(lockRef),
      tx.get(db.doc(paths.version(manifest.id, manifest.version))),
    ]);
    if (version.exists || lock.get('uploadId') !== uploadId) return false;
    tx.delete(lockRef);
    return true;
  });
  if (ours) await Promise.all([deleteObject(artifactPath), deleteObject(envelopePath)]);
}

/** What the ownership checks read: the listing, the id's claim, the publisher's claim, the version. */
interface OwnershipRecords {
  plugin: FirebaseFirestore.DocumentData | undefined;
  claim: FirebaseFirestore.DocumentData | undefined;
  publisherClaim: FirebaseFirestore.DocumentData | undefined;
  version: FirebaseFirestore.DocumentData | undefined;
}

/**
 * The one answer to an id outside the uploader's namespace. It depends on nothing but the
 * uploader's publisher: whether the id exists, is private, whose it is or which versions it has
 * must not show, or uploads would probe private ids.
 */
const outsideNamespace = (publisherId: string): ValidationIssue => ({
  code: 'publisher-mismatch',
  message: `This upload is for the publisher "${publisherId}": plugin.json must say "publisher": "${publisherId}" and the id must start with "${publisherId}.".`,
  path: 'plugin.json#/publisher',
});

/**
 * Every reason the publisher may not publish this id and version (checked again at commit).
 * Messages never name another publisher or another publisher's plugin: ids can be private.
 */
function ownershipProblems(
  manifest: PluginManifest,
  publisherId: string,
  uploadId: string,
  { plugin, claim, publisherClaim, version }: OwnershipRecords,
): ValidationIssue[] {
  if (manifest.publisher !== publisherId) return [outsideNamespace(publisherId)];
  const problems: ValidationIssue[] = [];
  const reserved = reservedReason(manifest.id);
  if (reserved)
    problems.push({
      code: 'id-reserved',
      message: `The id "${manifest.id}" cannot be used: ${reserved}.`,
      path: 'plugin.json#/id',
    });
  if (publisherClaim && publisherClaim.publisherId !== publisherId) {
    // A look-alike publisher that predates publisher claims (`botvvorks` next to `botworks`).
    problems.push({
      code: 'id-confusable',
      message: `The publisher "${publisherId}" looks like another publisher, so it cannot publish; ask the marketplace administrators to review it.`,
      path: 'plugin.json#/publisher',
    });
  } else if (plugin && plugin.publisherId !== publisherId) {
    problems.push({
      code: 'id-owned',
      message: `The id "${manifest.id}" belongs to another publisher.`,
      path: 'plugin.json#/id',
    });
  } else if (claim && claim.pluginId !== manifest.id && claim.publisherId !== publisherId) {
    problems.push({
      code: 'id-confusable',
      message: `The id "${manifest.id}" is too similar to a plugin id of another publisher; choose a clearly different id.`,
      path: 'plugin.json#/id',
    });
  }
  if (version && version.uploadId !== uploadId) {
    problems.push({
      code: 'version-exists',
      message: `${manifest.id}@${manifest.version} is already published${version.status === 'yanked' ? ' (and yanked)' : ''}; versions are immutable.`,
      path: 'plugin.json#/version',
    });
  }
  return problems;
}

async function assertPublishable(manifest: PluginManifest, publisherId: string, uploadId: string): Promise<void> {
  // Nothing is read for an id outside the namespace: the answer must not depend on it.
  if (manifest.publisher !== publisherId) throw new Rejection([outsideNamespace(publisherId)]);
  const [plugin, claim, publisherClaim, version] = await Promise.all([
    db.doc(paths.plugin(manifest.id)).get(),
    db.doc(paths.idClaim(idSkeleton(manifest.id))).get(),
    publisherIdClaimRef(publisherId).get(),
    db.doc(paths.version(manifest.id, manifest.version)).get(),
  ]);
  const problems = ownershipProblems(manifest, publisherId, uploadId, {
    plugin: plugin.data(),
    claim: claim.data(),
    publisherClaim: publisherClaim.data(),
    version: version.data(),
  });
  if (problems.length) throw new Rejection(problems);
}

interface ArtifactMeta {
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
async function placeArtifact(
  attempt: Attempt,
  source: string,
  artifactPath: string,
  envelopePath: string,
  envelope: DsseEnvelope,
  meta: ArtifactMeta,
) {
  await db.runTransaction(async (tx) => {
    const lockRef = db.doc(paths.artifactLock(meta.pluginId, meta.version));
    const [lock, version, mine] = await Promise.all([
      tx.get(lockRef),
      tx.get(db.doc(paths.version(meta.pluginId, meta.version))),
      tx.get(attempt.ref),
    ]);
    if (mine.get('lease.token') !== attempt.token) throw new UploadBusy('another attempt took over this upload');
    if (version.exists) {
      throw new Rejection([
        {
          code: 'version-exists',
          message: `${meta.pluginId}@${meta.version} is already published; versions are immutable.`,
          path: 'plugin.json#/version',
        },
      ]);
    }
    const owner = lock.get('uploadId') as string | undefined;
    if (owner && owner !== meta.uploadId) {
      const other = await tx.get(db.doc(paths.upload(owner)));
      const until = other.get('lease.until') as Timestamp | undefined;
      const active =
        other.exists &&
        !['published', 'rejected'].includes(other.get('state')) &&
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

async function reject(attempt: Attempt, issues: ValidationIssue[]): Promise<void> {
  await db.runTransaction(async (tx) => {
    const snap = await tx.get(attempt.ref);
    if (snap.get('lease.token') !== attempt.token) throw new UploadBusy('another attempt took over this upload');
    tx.update(attempt.ref, {
      state: 'rejected',
      'steps.rejected': FieldValue.serverTimestamp(),
      errors: issues,
      lease: null,
    });
  });
  await deleteObject(attempt.object.name);
  logger.info('Rejected upload', { uploadId: attempt.ref.id, codes: issues.map((i) => i.code) });
}
