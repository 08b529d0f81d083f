import {
  PLATFORM_VERSION,
  diffPermissions,
  orgCanUseListing,
  permissionSetKey,
  permissionsGrow,
  policyOf,
  policyViolation,
  type CallableParsedInput,
  type Permission,
  type PluginManifest,
  type VersionDoc,
  type install as installContract,
  type uninstall as uninstallContract,
  type updateInstall as updateInstallContract,
} from '@mlebotics/shared';
import { FieldValue, type Transaction, type WithFieldValue } from 'firebase-admin/firestore';
import semver from 'semver';
import { CONTENDED, db } from '../lib/admin.js';
import { cols, docs, type Stored } from '../lib/documents.js';
import type { CallContext } from '../lib/callable.js';
import { ApiError } from '../lib/errors.js';
import { MANAGER_ROLES, requireOrgRole } from '../lib/access.js';
import { checkPricingAccess } from './pricing-access.js';
import { revokedError } from '../admin/kill-switch.js';
import { approveRequest, pendingRequest } from './requests.js';
import { developmentInstalled, installDevelopmentBuild } from './development.js';

type Granted = CallableParsedInput<typeof installContract>['grantedPermissions'];

/** Whether a listing may be seen (and installed) by an organization's members. */
export const notFound = (pluginId: string) =>
  new ApiError('not-found', `There is no plugin "${pluginId}" that this organization can see.`);

/**
 * The listing and version an organization may install, or the precise reason it may not. The
 * listing is read outside the transaction: installs of a popular plugin must not all lock its
 * listing (they only increment its count, blindly); the version, entitlement and install
 * documents are read inside it.
 */
async function installableVersion(
  tx: Transaction,
  orgId: string,
  org: Stored<'org'>,
  listing: Stored<'plugin'> | undefined,
  pluginId: string,
  version: string | undefined,
) {
  if (!listing || !orgCanUseListing(listing, orgId)) throw notFound(pluginId);
  const target = version ?? listing.latestVersion;
  if (listing.revoked) throw revokedError(pluginId, target ?? '', { scope: 'plugin', mark: listing.revoked });
  if (!target) throw new ApiError('version-unavailable', `${pluginId} has no installable version.`);
  const versionDoc = (await tx.get(docs.version(pluginId, target))).data();
  if (!versionDoc) throw new ApiError('not-found', `${pluginId} has no version ${target}.`);
  if (versionDoc.revoked) throw revokedError(pluginId, target, { scope: 'version', mark: versionDoc.revoked });
  if (versionDoc.status === 'yanked') {
    throw new ApiError(
      'version-unavailable',
      `${pluginId}@${target} was yanked by its publisher and cannot be installed; choose another version.`,
      {
        latestVersion: listing.latestVersion ?? null,
      },
    );
  }
  const range = versionDoc.platformRange;
  if (!semver.satisfies(PLATFORM_VERSION, range)) {
    throw new ApiError(
      'incompatible-platform',
      `${pluginId}@${target} needs platform ${range}; this platform is ${PLATFORM_VERSION}.`,
    );
  }
  const entitlement = await checkPricingAccess(tx, orgId, pluginId, listing);
  if (!entitlement.ok) throw new ApiError('entitlement-required', entitlement.reason);
  const permissions = versionDoc.permissions;
  const violation = policyViolation(policyOf(org), orgId, listing, permissions);
  if (violation) throw new ApiError('policy-blocked', violation);
  return { listing, version: target, versionDoc, permissions };
}

const readListing = async (pluginId: string) => (await docs.plugin(pluginId).get()).data();

/** Refuses a consent that is not exactly the declared permission set, naming the difference. */
export function assertConsent(granted: Granted, declared: readonly Permission[], what: string): void {
  if (permissionSetKey(granted as Permission[]) === permissionSetKey(declared)) return;
  const diff = diffPermissions(declared, granted as Permission[]);
  const missing = [
    ...diff.removed.map((p) => p.name),
    ...diff.changed.filter((c) => c.removed.length).map((c) => `${c.name} (${c.removed.join(', ')})`),
  ];
  const extra = [
    ...diff.added.map((p) => p.name),
    ...diff.changed.filter((c) => c.added.length).map((c) => `${c.name} (${c.added.join(', ')})`),
  ];
  throw new ApiError(
    'consent-mismatch',
    `The permissions granted must be exactly those ${what} declares.` +
      (missing.length ? ` Missing: ${missing.join(', ')}.` : '') +
      (extra.length ? ` Not declared: ${extra.join(', ')}.` : ''),
    { missing, extra },
  );
}

type AuditEntry = Stored<'auditEntry'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function audit(tx: Transaction, orgId: string, entry: DistributiveOmit<WithFieldValue<AuditEntry>, 'at'>): void {
  tx.create(cols.auditLog(orgId).doc(), { ...entry, at: FieldValue.serverTimestamp() });
}

function capabilitiesOf(manifest: PluginManifest) {
  return manifest.capabilities.map((c) => ({ type: c.type, id: c.id, title: c.title }));
}

/**
 * Who consented to which permissions of which exact package, and when. The identity is the
 * account, and its email only when the identity provider verified it (an unverified address
 * proves nothing about who clicked).
 */
export function consentRecord(
  context: CallContext,
  versionDoc: Pick<VersionDoc, 'manifestSha256' | 'sha256'>,
  permissions: readonly Permission[],
) {
  return {
    uid: context.uid,
    email: context.emailVerified ? context.email : null,
    emailVerified: context.emailVerified,
    at: FieldValue.serverTimestamp(),
    manifestSha256: versionDoc.manifestSha256,
    packageSha256: versionDoc.sha256,
    permissions: [...permissions],
  };
}

/** Installs a plugin version into an organization after the operator consented to its permissions. */
export async function install(input: CallableParsedInput<typeof installContract>, context: CallContext) {
  if (input.development) return installDevelopmentBuild(input, input.development.build, context);
  const listing = await readListing(input.pluginId);
  return db.runTransaction(async (tx) => {
    const { org } = await requireOrgRole(tx, input.orgId, context.uid, MANAGER_ROLES);
    const target = await installableVersion(tx, input.orgId, org, listing, input.pluginId, input.version);
    const installRef = docs.install(input.orgId, input.pluginId);
    const existing = (await tx.get(installRef)).data();
    const request = await pendingRequest(tx, input.orgId, input.pluginId);
    assertConsent(input.grantedPermissions, target.permissions, `${input.pluginId}@${target.version}`);
    if (existing?.development) throw developmentInstalled(input.pluginId, existing.development.build);
    if (existing) {
      if (existing.version === target.version)
        return { pluginId: input.pluginId, version: target.version, changed: false };
      throw new ApiError(
        'already-exists',
        `${input.pluginId} is already installed at version ${existing.version}; update it instead.`,
        { installedVersion: existing.version },
      );
    }
    const manifest = target.versionDoc.manifest;
    const consent = consentRecord(context, target.versionDoc, target.permissions);
    tx.create(installRef, {
      pluginId: input.pluginId,
      name: target.listing.name,
      publisherId: target.listing.publisherId,
      iconDataUrl: target.listing.iconDataUrl,
      version: target.version,
      grantedPermissions: target.permissions,
      capabilities: capabilitiesOf(manifest),
      consent,
      installedAt: FieldValue.serverTimestamp(),
      installedBy: context.uid,
      updatedAt: FieldValue.serverTimestamp(),
    });
    // A blind increment: concurrent installs never lock the listing (its score follows in the
    // listingDerivedFields trigger).
    tx.update(docs.plugin(input.pluginId), { installCount: FieldValue.increment(1) });
    audit(tx, input.orgId, {
      action: 'install',
      pluginId: input.pluginId,
      version: target.version,
      uid: context.uid,
      email: context.email,
      permissions: target.permissions,
    });
    if (request) approveRequest(tx, request, context, target.version);
    return { pluginId: input.pluginId, version: target.version, changed: true };
  }, CONTENDED);
}

export async function uninstall(input: CallableParsedInput<typeof uninstallContract>, context: CallContext) {
  return db.runTransaction(async (tx) => {
    await requireOrgRole(tx, input.orgId, context.uid, MANAGER_ROLES);
    const installRef = docs.install(input.orgId, input.pluginId);
    const existing = (await tx.get(installRef)).data();
    if (!existing) return { pluginId: input.pluginId, changed: false };
    tx.delete(installRef);
    // Listings are never deleted; the install existed, so the count includes it (development
    // builds are never counted: they may have no listing at all).
    if (!existing.development) tx.update(docs.plugin(input.pluginId), { installCount: FieldValue.increment(-1) });
    audit(tx, input.orgId, {
      action: 'uninstall',
      pluginId: input.pluginId,
      version: existing.version,
      uid: context.uid,
      email: context.email,
    });
    return { pluginId: input.pluginId, changed: true };
  }, CONTENDED);
}

/** Moves an install to another version; fresh consent only when the permissions grow. */
export async function updateInstall(input: CallableParsedInput<typeof updateInstallContract>, context: CallContext) {
  const listing = await readListing(input.pluginId);
  return db.runTransaction(async (tx) => {
    const { org } = await requireOrgRole(tx, input.orgId, context.uid, MANAGER_ROLES);
    const installRef = docs.install(input.orgId, input.pluginId);
    const existing = (await tx.get(installRef)).data();
    if (!existing)
      throw new ApiError('not-installed', `${input.pluginId} is not installed in "${input.orgId}"; install it first.`);
    if (existing.development) throw developmentInstalled(input.pluginId, existing.development.build);
    const fromVersion = existing.version;
    const target = await installableVersion(tx, input.orgId, org, listing, input.pluginId, input.toVersion);
    if (fromVersion === target.version)
      return { pluginId: input.pluginId, fromVersion, version: target.version, reconsented: false };
    const granted = existing.grantedPermissions;
    const diff = diffPermissions(granted, target.permissions);
    const grows = permissionsGrow(diff);
    if (grows && !input.grantedPermissions) {
      throw new ApiError(
        'consent-required',
        `${input.pluginId}@${target.version} asks for more than was granted (${[...diff.added.map((p) => p.name), ...diff.changed.filter((c) => c.added.length).map((c) => `${c.name}: ${c.added.join(', ')}`)].join('; ')}); an owner or admin must consent again.`,
        { diff },
      );
    }
    if (input.grantedPermissions)
      assertConsent(input.grantedPermissions, target.permissions, `${input.pluginId}@${target.version}`);
    const manifest = target.versionDoc.manifest;
    tx.update(installRef, {
      version: target.version,
      grantedPermissions: target.permissions,
      capabilities: capabilitiesOf(manifest),
      name: target.listing.name,
      iconDataUrl: target.listing.iconDataUrl,
      updatedAt: FieldValue.serverTimestamp(),
      ...(grows
        ? {
            consent: consentRecord(context, target.versionDoc, target.permissions),
          }
        : {}),
    });
    audit(tx, input.orgId, {
      action: 'update',
      pluginId: input.pluginId,
      fromVersion,
      version: target.version,
      uid: context.uid,
      email: context.email,
      reconsented: grows,
      permissions: target.permissions,
    });
    return { pluginId: input.pluginId, fromVersion, version: target.version, reconsented: grows };
  }, CONTENDED);
}
