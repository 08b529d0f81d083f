import type {
  CallableParsedInput,
  setPublisherSuspended as setPublisherSuspendedContract,
  setPublisherVerified as setPublisherVerifiedContract,
} from '@mlebotics/shared';
import { FieldValue } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import type { CallContext } from '../lib/callable.js';
import { cols, docs } from '../lib/documents.js';
import { ApiError } from '../lib/errors.js';
import { stampSearchChange } from '../search/changes.js';
import { recordAdminAction, requireAdmin } from './audit.js';

/** Listings changed per transaction: two writes each (the flag and its search change). */
const LISTINGS_PER_TRANSACTION = 200;

/**
 * Suspends (or reinstates) a publisher: the publisher document carries the flag and who, why and
 * when (its audit entry in the same transaction), then every listing of the publisher gets
 * `publisherSuspended` with a search change, so discovery drops (or takes back) its plugins.
 * Setting the state it already has writes no audit entry but still brings every listing in line,
 * so a retry after a partial failure finishes the work.
 */
export async function setPublisherSuspended(
  input: CallableParsedInput<typeof setPublisherSuspendedContract>,
  context: CallContext,
) {
  requireAdmin(context, 'suspend publishers');
  const ref = docs.publisher(input.publisherId);
  await db.runTransaction(async (tx) => {
    const publisher = (await tx.get(ref)).data();
    if (!publisher) throw new ApiError('not-found', `There is no publisher "${input.publisherId}"; check the id.`);
    if ((publisher.suspended ?? false) === input.suspended) return;
    tx.update(ref, {
      suspended: input.suspended,
      suspension: input.suspended ? { reason: input.reason, at: FieldValue.serverTimestamp(), by: context.uid } : null,
    });
    recordAdminAction(tx, context, {
      action: input.suspended ? 'publisher.suspend' : 'publisher.unsuspend',
      targetKind: 'publisher',
      targetId: input.publisherId,
      reason: input.reason,
    });
  });
  const listings = await cols.plugins().where('publisherId', '==', input.publisherId).select().get();
  const ids = listings.docs.map((d) => d.id);
  for (let start = 0; start < ids.length; start += LISTINGS_PER_TRANSACTION) {
    const chunk = ids.slice(start, start + LISTINGS_PER_TRANSACTION);
    await db.runTransaction(async (tx) => {
      for (const pluginId of chunk) {
        tx.update(docs.plugin(pluginId), { publisherSuspended: input.suspended });
        stampSearchChange(tx, pluginId);
      }
    });
  }
  return { publisherId: input.publisherId, suspended: input.suspended, listingsUpdated: ids.length };
}

/**
 * Sets the verified flag (with its audit entry, in one transaction) and copies it onto every
 * listing of the publisher (its badge). Setting the flag it already has logs nothing again.
 */
export async function setPublisherVerified(
  input: CallableParsedInput<typeof setPublisherVerifiedContract>,
  context: CallContext,
) {
  requireAdmin(context, 'verify publishers');
  const ref = docs.publisher(input.publisherId);
  await db.runTransaction(async (tx) => {
    const publisher = (await tx.get(ref)).data();
    if (!publisher) throw new ApiError('not-found', `There is no publisher "${input.publisherId}".`);
    if (publisher.verified === input.verified) return;
    tx.update(ref, { verified: input.verified, verifiedAt: FieldValue.serverTimestamp(), verifiedBy: context.uid });
    recordAdminAction(tx, context, {
      action: input.verified ? 'publisher.verify' : 'publisher.unverify',
      targetKind: 'publisher',
      targetId: input.publisherId,
      reason: input.reason || null,
    });
  });
  const listings = await cols.plugins().where('publisherId', '==', input.publisherId).select().get();
  const writer = db.bulkWriter();
  for (const listing of listings.docs)
    void writer.update(docs.plugin(listing.id), { publisherVerified: input.verified });
  await writer.close();
  return { publisherId: input.publisherId, verified: input.verified, listingsUpdated: listings.size };
}
