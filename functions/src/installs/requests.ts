// Install requests: a member asks the organization's owners and admins to install a plugin;
// they approve by installing it (through the consent dialog: `install` closes the request in
// its transaction) or decline with a reason. The requester follows the request document live.
import {
  orgCanUseListing,
  type CallableParsedInput,
  type declineInstallRequest as declineContract,
  type InstallRequestOutput,
  type requestInstall as requestContract,
} from '@mlebotics/shared';
import { FieldValue, type Transaction } from 'firebase-admin/firestore';
import { CONTENDED, db } from '../lib/admin.js';
import { MANAGER_ROLES, requireOrgRole } from '../lib/access.js';
import type { CallContext } from '../lib/callable.js';
import { docs } from '../lib/documents.js';
import { ApiError } from '../lib/errors.js';

/** How a member is named on requests: their display name, else their email, else their uid. */
export const personOf = (context: CallContext) => ({
  uid: context.uid,
  name: context.name ?? context.email ?? context.uid,
});

export async function requestInstall(
  input: CallableParsedInput<typeof requestContract>,
  context: CallContext,
): Promise<InstallRequestOutput> {
  const listing = (await docs.plugin(input.pluginId).get()).data();
  return db.runTransaction(async (tx) => {
    await requireOrgRole(tx, input.orgId, context.uid, ['owner', 'admin', 'operator']);
    if (!listing || !orgCanUseListing(listing, input.orgId) || !listing.latestVersion) {
      throw new ApiError('not-found', `There is no plugin "${input.pluginId}" that this organization can install.`);
    }
    const ref = docs.installRequest(input.orgId, input.pluginId);
    const [installed, existing] = await Promise.all([tx.get(docs.install(input.orgId, input.pluginId)), tx.get(ref)]);
    if (installed.exists) {
      throw new ApiError('already-exists', `${listing.name} is already installed in this organization.`);
    }
    const open = existing.data();
    if (open?.status === 'pending') return { pluginId: input.pluginId, status: 'pending', changed: false };
    tx.set(ref, {
      pluginId: input.pluginId,
      pluginName: listing.name,
      version: listing.latestVersion,
      note: input.note,
      requestedBy: personOf(context),
      requestedAt: FieldValue.serverTimestamp(),
      status: 'pending',
      decidedBy: null,
      decidedAt: null,
      outcome: null,
    });
    return { pluginId: input.pluginId, status: 'pending', changed: true };
  }, CONTENDED);
}

export async function declineInstallRequest(
  input: CallableParsedInput<typeof declineContract>,
  context: CallContext,
): Promise<InstallRequestOutput> {
  return db.runTransaction(async (tx) => {
    await requireOrgRole(tx, input.orgId, context.uid, MANAGER_ROLES);
    const ref = docs.installRequest(input.orgId, input.pluginId);
    const request = (await tx.get(ref)).data();
    if (!request) throw new ApiError('not-found', `No one asked to install "${input.pluginId}" in this organization.`);
    if (request.status !== 'pending') {
      // Declining twice (a double click, a retry) answers the same; a decided request stays decided.
      if (request.status === 'declined' && request.outcome === input.reason) {
        return { pluginId: input.pluginId, status: 'declined', changed: false };
      }
      throw new ApiError('already-decided', `The request for ${request.pluginName} was already ${request.status}.`);
    }
    tx.update(ref, {
      status: 'declined',
      decidedBy: personOf(context),
      decidedAt: FieldValue.serverTimestamp(),
      outcome: input.reason,
    });
    return { pluginId: input.pluginId, status: 'declined', changed: true };
  }, CONTENDED);
}

/**
 * Inside `install`'s transaction: the pending request for the plugin, if any, to be approved
 * with the install (read before the transaction's writes).
 */
export async function pendingRequest(tx: Transaction, orgId: string, pluginId: string) {
  const ref = docs.installRequest(orgId, pluginId);
  const request = (await tx.get(ref)).data();
  return request?.status === 'pending' ? ref : undefined;
}

/** Marks a pending request approved by the install that just happened. */
export function approveRequest(
  tx: Transaction,
  ref: NonNullable<Awaited<ReturnType<typeof pendingRequest>>>,
  context: CallContext,
  version: string,
): void {
  tx.update(ref, {
    status: 'approved',
    decidedBy: personOf(context),
    decidedAt: FieldValue.serverTimestamp(),
    outcome: `Installed version ${version}.`,
  });
}
