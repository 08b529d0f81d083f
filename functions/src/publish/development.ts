// Development builds: an upload signed like any version but committed as the one build of a
// plugin an organization may install, instead of a version. It spends no version number and
// writes nothing a catalogue, search or another organization reads.
import {
  MANIFEST_FILE,
  buildStatement,
  idSkeleton,
  memberRole,
  objectPaths,
  type OrgRole,
  type PackageContents,
  type PluginManifest,
  type PublisherRole,
  type ScanResult,
  type ValidationIssue,
} from '@mlebotics/shared';
import { FieldValue } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import { bucket, db } from '../lib/admin.js';
import { docs, type Stored } from '../lib/documents.js';
import { publisherIdClaimRef } from '../publishers/claims.js';
import { suspendedMessage } from '../publishers/suspension.js';
import { configuredSigner } from '../signing/config.js';
import { signStatement } from '../signing/sign-statement.js';
import type { Signer } from '../signing/signer.js';
import { type Attempt, Rejection, UploadBusy, deleteObject } from './attempt.js';
import { withContentionRetries } from './commit.js';
import { ownershipProblems } from './ownership.js';

/**
 * Why `uid` may not make a development build of `publisherId`'s plugins for `orgId`, or null:
 * it takes membership of the publisher (whose namespace the build uses) and the owner role in the
 * organization (whose operators will run it). Checked by createUpload and again at commit, so a
 * role lost in between refuses the build.
 */
export function developmentRefusal(
  uid: string,
  publisherId: string,
  publisher: Stored<'publisher'> | undefined,
  orgId: string,
  org: Stored<'org'> | undefined,
): string | null {
  if (!memberRole<PublisherRole>(publisher?.members, uid))
    return `You are not a member of the publisher "${publisherId}"; ask one of its owners to add you.`;
  if (publisher?.suspended) return suspendedMessage(publisherId, publisher.suspension?.reason);
  // One answer for "no such organization" and "not an owner": an organization's existence is not disclosed.
  if (memberRole<OrgRole>(org?.members, uid) !== 'owner')
    return `Development builds for "${orgId}" can be uploaded only by its owners; ask an owner of "${orgId}" to upload it, or publish a version instead.`;
  return null;
}

/** What a validated development upload brings to its signing and commit. */
export interface DevelopmentUpload {
  orgId: string;
  publisherId: string;
  uploaderUid: string;
  manifest: PluginManifest;
  contents: PackageContents;
  sha256: string;
  size: number;
  icon: string | null;
  scan: ScanResult;
}

const refusal = (message: string): ValidationIssue => ({
  code: 'publisher-mismatch',
  message,
  path: 'plugin.json#/publisher',
});

/**
 * Signs a development upload, places its artifact at the organization's development path and
 * commits the build (the upload ends `development-ready`). The scan's block findings were
 * already turned into a rejection by the caller; quarantine findings stay on the build and the
 * upload for the developer to read, and hold nothing: the build reaches only the uploader's own
 * organization, which chose to run it, and never the catalogue that review protects.
 */
export async function publishDevelopmentBuild(
  attempt: Attempt,
  dev: DevelopmentUpload,
  signer?: Signer,
): Promise<'development-ready'> {
  const uploadId = attempt.ref.id;
  const { manifest, orgId } = dev;
  await attempt.advance('signing', { scan: dev.scan });
  const manifestSha256 = dev.contents.files.find((f) => f.path === MANIFEST_FILE)!.sha256;
  const uploadedAt = new Date();
  const statement = buildStatement(dev.sha256, {
    pluginId: manifest.id,
    version: manifest.version,
    publisher: dev.publisherId,
    uploader: dev.uploaderUid,
    uploadId,
    manifestSha256,
    permissions: manifest.permissions,
    files: dev.contents.files,
    publishedAt: uploadedAt.toISOString(),
    development: { orgId },
  });
  const using = signer ?? (await configuredSigner());
  const { envelope, key } = await signStatement(using, statement);

  // One object per upload: a redelivery rewrites the same paths, and the build an organization
  // runs is never overwritten in place while it may be loading.
  const artifactPath = objectPaths.devArtifact(orgId, manifest.id, uploadId);
  const envelopePath = objectPaths.devEnvelope(orgId, manifest.id, uploadId);
  const meta = { uploadId, sha256: dev.sha256, pluginId: manifest.id, version: manifest.version, orgId };
  const files = bucket();
  await files
    .file(attempt.object.name)
    .copy(files.file(artifactPath), { contentType: 'application/gzip', metadata: { ...meta } });
  await files.file(envelopePath).save(JSON.stringify(envelope), {
    contentType: 'application/json',
    metadata: { metadata: { ...meta } },
    resumable: false,
  });

  let replaced: Pick<Stored<'devBuild'>, 'artifactPath' | 'envelopePath'> | undefined;
  try {
    await withContentionRetries(attempt, async () => {
      replaced = await commitDevelopmentBuild(attempt, dev, {
        artifactPath,
        envelopePath,
        keyId: key.keyId,
        manifestSha256,
        uploadedAt,
      });
    });
  } catch (error) {
    if (error instanceof Rejection) await Promise.all([deleteObject(artifactPath), deleteObject(envelopePath)]);
    throw error;
  }
  // The previous build is replaced: its objects go (a crash here leaves them unreferenced, never served).
  if (replaced && replaced.artifactPath !== artifactPath) {
    await Promise.all([deleteObject(replaced.artifactPath), deleteObject(replaced.envelopePath)]);
  }
  await deleteObject(attempt.object.name);
  logger.info('Development build ready', { pluginId: manifest.id, orgId, uploadId, keyId: key.keyId });
  return 'development-ready';
}

interface Placed {
  artifactPath: string;
  envelopePath: string;
  keyId: string;
  manifestSha256: string;
  uploadedAt: Date;
}

/**
 * Writes the organization's development build and ends the upload, after checking again, under
 * the transaction's reads, that the uploader is still a member of the publisher and an owner of
 * the organization and that the id is still the publisher's. Reads no version and writes no
 * listing: the version number stays free. Returns the build it replaced.
 */
async function commitDevelopmentBuild(attempt: Attempt, dev: DevelopmentUpload, placed: Placed) {
  const { manifest, orgId, publisherId } = dev;
  return db.runTransaction(async (tx) => {
    const buildRef = docs.devBuild(orgId, manifest.id);
    const [upload, publisher, org, previous, plugin, claim, publisherClaim] = await Promise.all([
      tx.get(attempt.ref),
      tx.get(docs.publisher(publisherId)),
      tx.get(docs.org(orgId)),
      tx.get(buildRef),
      tx.get(docs.plugin(manifest.id)),
      tx.get(docs.idClaim(idSkeleton(manifest.id))),
      tx.get(publisherIdClaimRef(publisherId)),
    ]);
    if (upload.data()?.lease?.token !== attempt.token) throw new UploadBusy('another attempt took over this upload');
    const refused = developmentRefusal(dev.uploaderUid, publisherId, publisher.data(), orgId, org.data());
    if (refused) throw new Rejection([refusal(refused)], dev.scan);
    const problems = ownershipProblems(manifest, publisherId, attempt.ref.id, {
      plugin: plugin.data(),
      claim: claim.data(),
      publisherClaim: publisherClaim.data(),
      version: undefined,
      held: undefined,
    });
    if (problems.length) throw new Rejection(problems, dev.scan);
    const before = previous.data();
    const build = (before?.build ?? 0) + 1;
    tx.set(buildRef, {
      pluginId: manifest.id,
      publisherId,
      name: manifest.name,
      version: manifest.version,
      build,
      uploadId: attempt.ref.id,
      uploadedBy: dev.uploaderUid,
      uploadedAt: FieldValue.serverTimestamp(),
      sha256: dev.sha256,
      manifestSha256: placed.manifestSha256,
      size: dev.size,
      keyId: placed.keyId,
      artifactPath: placed.artifactPath,
      envelopePath: placed.envelopePath,
      iconDataUrl: dev.icon,
      summary: manifest.description,
      permissions: manifest.permissions,
      capabilities: manifest.capabilities.map((c) => ({ type: c.type, id: c.id, title: c.title })),
      platformRange: manifest.engines.platform,
      manifest,
      scan: dev.scan,
    });
    tx.update(attempt.ref, {
      state: 'development-ready',
      'steps.development-ready': FieldValue.serverTimestamp(),
      pluginId: manifest.id,
      version: manifest.version,
      development: { orgId, build },
      errors: [],
      lease: null,
    });
    return before;
  });
}
