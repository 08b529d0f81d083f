import { nameSkeleton, publisherClaimKeys, type PublisherClaimDoc, type PublisherClaimKey } from '@mlebotics/shared';
import { FieldValue, type Transaction } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { cols, docs, type Stored } from '../lib/documents.js';
import { ApiError } from '../lib/errors.js';

/**
 * `publisherClaims/{skeleton}`: which publisher holds the confusable skeleton of a publisher id
 * or display name (`{ publisherId, source }`; claims written before display names were claimed
 * have no `source` and are ids). Server-only: the rules deny every client access.
 */
export const publisherClaimRef = (key: string) => docs.publisherClaim(key);

/** The publisher that holds a claim other than `publisherId`, with what it claimed; or undefined. */
function heldByOther(claim: PublisherClaimDoc | undefined, publisherId: string) {
  if (!claim || claim.publisherId === publisherId) return undefined;
  return { publisherId: claim.publisherId, source: claim.source };
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
    const other = heldByOther(held[i]!.data(), publisherId);
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

/** What `claimExistingPublishers` did: claims it wrote, and look-alikes left to their holder. */
export interface ClaimBackfill {
  claimed: Array<{ publisherId: string; key: string }>;
  conflicts: Array<{ publisherId: string; key: string; heldBy: string }>;
}

/**
 * Claims the id and display name of every publisher created before claims existed, oldest
 * first, so that of two look-alikes the earlier keeps its names and the later one can no longer
 * publish. Safe to run again: claims already held are left alone. Run once against data that
 * predates claims (an operator's script with Admin credentials).
 */
export async function claimExistingPublishers(): Promise<ClaimBackfill> {
  const publishers = (await cols.publishers().get()).docs.sort(
    (a, b) => createdMillis(a.data()) - createdMillis(b.data()) || a.id.localeCompare(b.id),
  );
  const result: ClaimBackfill = { claimed: [], conflicts: [] };
  for (const publisher of publishers) {
    // A display name from before the length rule may fold to more than a document id can hold.
    const claims = publisherClaimKeys(publisher.id, publisher.data().displayName).filter(
      (c) => Buffer.byteLength(c.key) <= 1500,
    );
    // Results are collected after the transaction: its function may run more than once.
    const { free, conflicts } = await db.runTransaction(async (tx) => {
      const held = await Promise.all(claims.map((c) => tx.get(publisherClaimRef(c.key))));
      const unheld = claims.filter((_, i) => !held[i]!.exists);
      writeClaims(tx, publisher.id, unheld);
      return {
        free: unheld,
        conflicts: claims.flatMap((claim, i) => {
          const other = heldByOther(held[i]!.data(), publisher.id);
          return other ? [{ publisherId: publisher.id, key: claim.key, heldBy: other.publisherId }] : [];
        }),
      };
    });
    result.claimed.push(...free.map((c) => ({ publisherId: publisher.id, key: c.key })));
    result.conflicts.push(...conflicts);
  }
  return result;
}

const createdMillis = (publisher: Stored<'publisher'>) => publisher.createdAt.toMillis();
