import { collections, nameSkeleton, publisherClaimKeys, type PublisherClaimKey } from '@mlebotics/shared';
import { FieldValue, type DocumentSnapshot, type Transaction } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { ApiError } from '../lib/errors.js';

/**
 * `publisherClaims/{skeleton}`: which publisher holds the confusable skeleton of a publisher id
 * or display name (`{ publisherId, source }`; claims written before display names were claimed
 * have no `source` and are ids). Server-only: the rules deny every client access.
 */
export const publisherClaimRef = (key: string) => db.collection(collections.publisherClaims).doc(key);

/** The publisher that holds a claim other than `publisherId`, with what it claimed; or undefined. */
function heldByOther(claim: DocumentSnapshot, publisherId: string) {
  if (!claim.exists || claim.get('publisherId') === publisherId) return undefined;
  return {
    publisherId: String(claim.get('publisherId')),
    source: (claim.get('source') as PublisherClaimKey['source'] | undefined) ?? 'id',
  };
}

/**
 * Reads, in the transaction, the claims a new publisher takes (its id's and its display name's
 * skeletons) and throws `already-exists` when another publisher holds one. Publishers are public,
 * so the message names the one it looks like. Returns the claims to write with `writeClaims`.
 */
export async function checkPublisherClaims(
  tx: Transaction,
  publisherId: string,
  displayName: string,
): Promise<PublisherClaimKey[]> {
  const claims = publisherClaimKeys(publisherId, displayName);
  const held = await Promise.all(claims.map((c) => tx.get(publisherClaimRef(c.key))));
  claims.forEach((claim, i) => {
    const other = heldByOther(held[i]!, publisherId);
    if (!other) return;
    const target =
      other.source === 'displayName'
        ? `the display name of the existing publisher "${other.publisherId}"`
        : `the existing publisher "${other.publisherId}"`;
    throw new ApiError(
      'already-exists',
      claim.source === 'id'
        ? `"${publisherId}" is too similar to ${target}; choose a clearly different id.`
        : `The display name "${displayName}" is too similar to ${target}; choose a clearly different name.`,
    );
  });
  return claims;
}

export function writeClaims(tx: Transaction, publisherId: string, claims: PublisherClaimKey[]): void {
  for (const claim of claims) {
    tx.set(publisherClaimRef(claim.key), {
      publisherId,
      source: claim.source,
      createdAt: FieldValue.serverTimestamp(),
    });
  }
}

/** The claim on a publisher id's skeleton (read by the publish pipeline, in its transaction). */
export const publisherIdClaimRef = (publisherId: string) => publisherClaimRef(nameSkeleton(publisherId));
