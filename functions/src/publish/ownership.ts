// Who may publish which id and version: the uploader's namespace, reserved and look-alike ids,
// another publisher's ids, immutable versions. Checked before signing and again at commit.
import {
  TOKEN_UID_PREFIX,
  idSkeleton,
  memberRole,
  reservedReason,
  type IdClaimDoc,
  type ListingDoc,
  type PluginManifest,
  type PublisherClaimDoc,
  type ValidationIssue,
  type VersionDoc,
} from '@mlebotics/shared';
import { docs } from '../lib/documents.js';
import { suspendedMessage } from '../publishers/suspension.js';
import { publisherIdClaimRef } from '../publishers/claims.js';
import { Rejection } from './attempt.js';

/** What the ownership checks read: the listing, the id's claim, the publisher's claim, the version. */
export interface OwnershipRecords {
  plugin: Pick<ListingDoc, 'publisherId'> | undefined;
  claim: Pick<IdClaimDoc, 'pluginId' | 'publisherId'> | undefined;
  publisherClaim: Pick<PublisherClaimDoc, 'publisherId'> | undefined;
  version: Pick<VersionDoc, 'uploadId' | 'status'> | undefined;
  /** The same version held for review (quarantined by the scan): its number is taken too. */
  held: { version: Pick<VersionDoc, 'uploadId'> } | undefined;
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
export function ownershipProblems(
  manifest: PluginManifest,
  publisherId: string,
  uploadId: string,
  { plugin, claim, publisherClaim, version, held }: OwnershipRecords,
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
  } else if (held && held.version.uploadId !== uploadId) {
    problems.push({
      code: 'version-exists',
      message: `${manifest.id}@${manifest.version} was already uploaded and held for review; versions are immutable once signed.`,
      path: 'plugin.json#/version',
    });
  }
  return problems;
}

export async function assertPublishable(
  manifest: PluginManifest,
  publisherId: string,
  uploadId: string,
  uploaderUid: string,
): Promise<void> {
  // Nothing is read for an id outside the namespace: the answer must not depend on it.
  if (manifest.publisher !== publisherId) throw new Rejection([outsideNamespace(publisherId)]);
  const [plugin, claim, publisherClaim, version, held, publisher] = await Promise.all([
    docs.plugin(manifest.id).get(),
    docs.idClaim(idSkeleton(manifest.id)).get(),
    publisherIdClaimRef(publisherId).get(),
    docs.version(manifest.id, manifest.version).get(),
    docs.heldVersion(manifest.id, manifest.version).get(),
    docs.publisher(publisherId).get(),
  ]);
  // Suspended after the upload intent was made: the upload in flight is refused too.
  const publisherDoc = publisher.data();
  if (publisherDoc?.suspended) {
    throw new Rejection([
      {
        // The closest publish-stage code: the upload's publisher may not publish; the message says why.
        code: 'publisher-mismatch',
        message: suspendedMessage(publisherId, publisherDoc.suspension?.reason),
        path: 'plugin.json#/publisher',
      },
    ]);
  }
  // A person removed from the publisher after announcing the upload no longer publishes for it
  // (a token's own checks, its creator still an owner among them, are made by tokens.ts).
  if (!uploaderUid.startsWith(TOKEN_UID_PREFIX) && !memberRole(publisherDoc?.members, uploaderUid)) {
    throw new Rejection([
      {
        code: 'publisher-mismatch',
        message: `The uploader is no longer a member of the publisher "${publisherId}"; a member of "${publisherId}" must upload it.`,
        path: 'plugin.json#/publisher',
      },
    ]);
  }
  const problems = ownershipProblems(manifest, publisherId, uploadId, {
    plugin: plugin.data(),
    claim: claim.data(),
    publisherClaim: publisherClaim.data(),
    version: version.data(),
    held: held.data(),
  });
  if (problems.length) throw new Rejection(problems);
}
