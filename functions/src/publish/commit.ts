// Registering a version: every document of a publish in one transaction, retried under contention.
import {
  type diffPermissions,
  type ScanResult,
  type VersionDoc,
  idSkeleton,
  utf8ByteLength,
  type DsseEnvelope,
  type PluginManifest,
  type VersionScreenshot,
} from '@mlebotics/shared';
import { FieldValue, Timestamp, type Transaction } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import semver from 'semver';
import { db } from '../lib/admin.js';
import { docs, type Stored } from '../lib/documents.js';
import { publisherIdClaimRef } from '../publishers/claims.js';
import { type Attempt, Rejection, UploadBusy } from './attempt.js';
import { initialListingFields, manifestListingFields, preferredLatest } from '../catalog/listing-fields.js';
import { ownershipProblems } from './ownership.js';
import { tokenUploadRefusal } from '../publishers/tokens.js';
import { stampSearchChange } from '../search/changes.js';

/** Envelopes larger than this stay in Storage only (Firestore documents hold at most 1 MiB). */
const MAX_INLINE_ENVELOPE_BYTES = 200 * 1024;

const isContention = (error: unknown) => {
  const code = (error as { code?: unknown }).code;
  return code === 10 || code === 'aborted' || /ABORTED|contention|lock timeout/i.test(String((error as Error).message));
};

/**
 * Runs a transaction again, with jittered backoff, while it fails for contention (many versions
 * of one plugin published at once all update its listing). The lease is extended meanwhile so
 * no redelivery takes the upload over.
 */
export async function withContentionRetries(attempt: Attempt, run: () => Promise<void>, tries = 8): Promise<void> {
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

export interface Commit {
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
  /** This version's section of the changelog, or null without one. */
  releaseNotes: string | null;
  screenshots: VersionScreenshot[];
  publishedAt: Date;
  /** The upload scan: quarantined holds the version for review; passed publishes it. */
  scan: ScanResult;
}

/** The version document of a commit (published; a held version keeps it until approved). */
function versionDocument(c: Commit): Stored<'version'> {
  const { manifest } = c;
  return {
    pluginId: manifest.id,
    version: manifest.version,
    prerelease: semver.prerelease(manifest.version) !== null,
    publisherId: c.publisherId,
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
    envelope: utf8ByteLength(JSON.stringify(c.envelope)) <= MAX_INLINE_ENVELOPE_BYTES ? c.envelope : null,
    keyId: c.keyId,
    iconDataUrl: c.icon,
    status: 'published',
    deprecated: null,
    revoked: null,
    uploadId: c.uploadId,
    publishedBy: c.uploaderUid,
    publishedAt: Timestamp.fromDate(c.publishedAt),
    releaseNotes: c.releaseNotes,
    screenshots: c.screenshots,
  };
}

/**
 * Lists a version: creates the listing on a plugin's first version, otherwise counts the version
 * and shows it when it is the one to prefer; stamps the search change. Used when a version is
 * published and when an administrator approves a held one.
 */
export function listVersion(
  tx: Transaction,
  listing: Stored<'plugin'> | undefined,
  version: Pick<VersionDoc, 'manifest' | 'iconDataUrl' | 'publisherId'>,
  publisher: { publisherName: string; publisherVerified: boolean },
): void {
  const { manifest } = version;
  const pluginRef = docs.plugin(manifest.id);
  if (!listing) {
    tx.create(pluginRef, {
      ...initialListingFields(version.publisherId),
      ...manifestListingFields(manifest, version.iconDataUrl),
      ...publisher,
      latestVersion: manifest.version,
      versionCount: 1,
      createdAt: FieldValue.serverTimestamp(),
      updatedAt: FieldValue.serverTimestamp(),
    });
  } else {
    tx.update(pluginRef, {
      ...(preferredLatest(listing.latestVersion, manifest.version)
        ? {
            ...manifestListingFields(manifest, version.iconDataUrl, listing.overrides ?? {}),
            latestVersion: manifest.version,
          }
        : {}),
      ...publisher,
      versionCount: FieldValue.increment(1),
      updatedAt: FieldValue.serverTimestamp(),
    });
  }
  stampSearchChange(tx, manifest.id);
}

/**
 * Registers the version: version, README, listing, id claim, scan report and upload documents in
 * one transaction, after re-checking ownership and immutability under its locks. A version the
 * scan quarantined is held instead (`heldVersions`, a pending scan report, the upload in review):
 * signed, its id and version taken, but not listed or served until an administrator approves it.
 * Concurrent publishes of one plugin contend on the listing, hence the extra attempts.
 */
export function commitVersion(attempt: Attempt, c: Commit): Promise<void> {
  const { manifest, publisherId } = c;
  const held = c.scan.outcome === 'quarantined';
  return db.runTransaction(
    async (tx) => {
      const pluginRef = docs.plugin(manifest.id);
      const versionRef = docs.version(manifest.id, manifest.version);
      const heldRef = docs.heldVersion(manifest.id, manifest.version);
      const claimRef = docs.idClaim(idSkeleton(manifest.id));
      const publisherClaimRef = publisherIdClaimRef(publisherId);
      const [upload, plugin, version, heldDoc, claimDoc, publisherClaim] = await Promise.all([
        tx.get(attempt.ref),
        tx.get(pluginRef),
        tx.get(versionRef),
        tx.get(heldRef),
        tx.get(claimRef),
        tx.get(publisherClaimRef),
      ]);
      if (upload.data()?.lease?.token !== attempt.token) throw new UploadBusy('another attempt took over this upload');
      const tokenRefusal = await tokenUploadRefusal(c.uploaderUid, tx);
      if (tokenRefusal) throw new Rejection([{ code: 'token-revoked', message: tokenRefusal }], c.scan);
      const problems = ownershipProblems(manifest, publisherId, c.uploadId, {
        plugin: plugin.data(),
        claim: claimDoc.data(),
        publisherClaim: publisherClaim.data(),
        version: version.data(),
        held: heldDoc.data(),
      });
      if (problems.length) throw new Rejection(problems, c.scan);
      const versionDoc = versionDocument(c);
      if (held) {
        tx.create(heldRef, { version: versionDoc, readme: c.readme });
      } else {
        tx.create(versionRef, versionDoc);
        tx.set(docs.readme(manifest.id, manifest.version), { markdown: c.readme });
        listVersion(tx, plugin.data(), versionDoc, {
          publisherName: c.publisherName,
          publisherVerified: c.publisherVerified,
        });
      }
      tx.set(docs.scanReport(manifest.id, manifest.version), {
        pluginId: manifest.id,
        version: manifest.version,
        name: manifest.name,
        publisherId,
        publisherName: c.publisherName,
        uploadId: c.uploadId,
        uploadedBy: c.uploaderUid,
        sha256: c.sha256,
        scan: c.scan,
        review: held ? 'pending' : 'none',
        queuedAt: FieldValue.serverTimestamp(),
        decidedAt: null,
        decidedBy: null,
        decisionReason: null,
      });
      if (!claimDoc.exists) {
        tx.create(claimRef, { pluginId: manifest.id, publisherId, createdAt: FieldValue.serverTimestamp() });
      }
      // A publisher created before publisher ids were claimed claims its id on its first publish.
      if (!publisherClaim.exists) {
        tx.create(publisherClaimRef, { publisherId, source: 'id', createdAt: FieldValue.serverTimestamp() });
      }
      tx.delete(docs.artifactLock(manifest.id, manifest.version));
      const state = held ? 'in-review' : 'published';
      tx.update(attempt.ref, {
        state,
        [`steps.${state}` as const]: FieldValue.serverTimestamp(),
        pluginId: manifest.id,
        version: manifest.version,
        errors: [],
        lease: null,
      });
    },
    { maxAttempts: 10 },
  );
}
