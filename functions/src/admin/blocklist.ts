// The upload blocklist: digests of packages or files an administrator blocked.
import type { CallableParsedInput, setBlocklisted as setBlocklistedContract } from '@mlebotics/shared';
import { FieldValue } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import type { CallContext } from '../lib/callable.js';
import { docs } from '../lib/documents.js';
import { ApiError } from '../lib/errors.js';
import { recordAdminAction, requireAdmin } from './audit.js';

/**
 * Blocks or unblocks a digest. Uploads read the blocklist fresh, so a block applies to the next
 * upload; it does not touch versions already published (revoke those with the kill switch).
 */
export async function setBlocklisted(input: CallableParsedInput<typeof setBlocklistedContract>, context: CallContext) {
  requireAdmin(context, 'change the blocklist');
  const { sha256, scope, blocked, reason } = input;
  await db.runTransaction(async (tx) => {
    const ref = docs.blocklistEntry(sha256);
    const existing = (await tx.get(ref)).data();
    if (blocked) {
      if (existing) {
        throw new ApiError('already-exists', `${sha256} is already blocked (${existing.scope}, by ${existing.by}).`);
      }
      tx.create(ref, { sha256, scope, reason, by: context.email ?? context.uid, at: FieldValue.serverTimestamp() });
    } else {
      if (!existing) throw new ApiError('not-found', `${sha256} is not on the blocklist.`);
      tx.delete(ref);
    }
    recordAdminAction(tx, context, {
      action: blocked ? 'blocklist.add' : 'blocklist.remove',
      targetKind: 'blocklist',
      targetId: `${scope}:${sha256}`,
      reason,
    });
  });
  return { sha256, blocked };
}
