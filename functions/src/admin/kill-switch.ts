// The marketplace kill switch: revoke (or restore) a plugin or one version everywhere.
import type { CallableParsedInput, setRevocation as setRevocationContract } from '@mlebotics/shared';
import { FieldValue } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import { db } from '../lib/admin.js';
import type { CallContext } from '../lib/callable.js';
import { docs, groups, type Stored } from '../lib/documents.js';
import { ApiError } from '../lib/errors.js';
import { stampSearchChange } from '../search/changes.js';
import { recordAdminAction, requireAdmin } from './audit.js';

type Input = CallableParsedInput<typeof setRevocationContract>;
type Mark = NonNullable<Stored<'plugin'>['revoked']>;

/**
 * Why a plugin or its installed version may not be installed, run or opened, or null. Read by
 * install, update, `runPluginStep` and panels (each reads the listing and version fresh).
 */
export function revocationOf(
  listing: { revoked?: Mark | null } | undefined,
  version: { revoked?: Mark | null } | undefined,
): { scope: 'plugin' | 'version'; mark: Mark } | null {
  if (listing?.revoked) return { scope: 'plugin', mark: listing.revoked };
  if (version?.revoked) return { scope: 'version', mark: version.revoked };
  return null;
}

/** The refusal of a revoked plugin or version, naming which and why. */
export function revokedError(pluginId: string, version: string, revocation: { scope: string; mark: Mark }): ApiError {
  const what = revocation.scope === 'plugin' ? pluginId : `${pluginId}@${version}`;
  return new ApiError(
    'plugin-revoked',
    `${what} was revoked by the marketplace administrators: ${revocation.mark.reason}`,
    { scope: revocation.scope },
  );
}

/**
 * Sets or clears the revocation mark on the listing (whole plugin) or one version, stamps the
 * search index (a revoked plugin leaves discovery), and logs the action, in one transaction.
 * Counts the organizations that have it installed (they see the banner).
 */
export async function setRevocation(input: Input, context: CallContext) {
  requireAdmin(context, 'revoke plugins');
  const { pluginId, version, revoked, reason } = input;
  const target = version ? `${pluginId}@${version}` : pluginId;
  await db.runTransaction(async (tx) => {
    const listingRef = docs.plugin(pluginId);
    const listing = (await tx.get(listingRef)).data();
    if (!listing) throw new ApiError('not-found', `There is no plugin "${pluginId}".`);
    const mark = revoked ? { reason, at: FieldValue.serverTimestamp(), by: context.email ?? context.uid } : null;
    if (version) {
      const versionRef = docs.version(pluginId, version);
      if (!(await tx.get(versionRef)).exists) throw new ApiError('not-found', `${pluginId} has no version ${version}.`);
      tx.update(versionRef, { revoked: mark });
    } else {
      tx.update(listingRef, {
        revoked: mark,
        discoverable: !revoked && !listing.publisherSuspended,
        updatedAt: FieldValue.serverTimestamp(),
      });
      stampSearchChange(tx, pluginId);
    }
    recordAdminAction(tx, context, {
      action: `${version ? 'version' : 'plugin'}.${revoked ? 'revoke' : 'restore'}`,
      targetKind: version ? 'version' : 'plugin',
      targetId: target,
      reason,
    });
  });
  let installs = groups.installs().where('pluginId', '==', pluginId);
  if (version) installs = installs.where('version', '==', version);
  const affectedOrgs = (await installs.count().get()).data().count;
  logger.info(revoked ? 'Revoked' : 'Revocation lifted', { target, by: context.uid, affectedOrgs });
  return { pluginId, version: version ?? null, revoked, affectedOrgs };
}
