// Installing an organization's development build: the same consent as a version, against the
// build document instead of a listing. Nothing here reads or counts a listing: a development
// build may have none, and it must never show in one.
import {
  PLATFORM_VERSION,
  diffPermissions,
  permissionsGrow,
  policyOf,
  policyViolation,
  type CallableParsedInput,
  type InstallOutput,
  type Permission,
  type install as installContract,
} from '@mlebotics/shared';
import { FieldValue } from 'firebase-admin/firestore';
import semver from 'semver';
import { MANAGER_ROLES, requireOrgRole } from '../lib/access.js';
import { CONTENDED, db } from '../lib/admin.js';
import type { CallContext } from '../lib/callable.js';
import { docs, type Stored } from '../lib/documents.js';
import { ApiError } from '../lib/errors.js';
import { assertConsent, audit, consentRecord } from './installs.js';

/** The answer when the plugin is installed as a development build and a version was asked for. */
export const developmentInstalled = (pluginId: string, build: number) =>
  new ApiError(
    'already-exists',
    `${pluginId} is installed as development build #${build}; uninstall it first to install a published version.`,
    { developmentBuild: build },
  );

/** The organization's development build of a plugin, or the reason there is none to use. */
export function noDevelopmentBuild(orgId: string, pluginId: string) {
  return new ApiError(
    'not-found',
    `There is no development build of ${pluginId} for "${orgId}"; an owner of "${orgId}" who is a member of its publisher uploads one (Publish → Development build).`,
  );
}

/**
 * The refusal of a development build whose publisher the marketplace suspended, or null. The
 * builds were never reviewed, and a plugin id with development builds only has no listing for
 * the kill switch to mark: suspending the publisher stops its builds in every organization.
 */
export function suspendedPublisherRefusal(
  publisher: Stored<'publisher'> | undefined,
  build: Pick<Stored<'devBuild'>, 'pluginId' | 'publisherId'>,
): ApiError | null {
  if (!publisher?.suspended) return null;
  const reason = publisher.suspension?.reason;
  return new ApiError(
    'publisher-suspended',
    `Development builds of ${build.pluginId} are stopped: the marketplace suspended their publisher "${build.publisherId}"${reason ? ` (${reason})` : ''}. Uninstall it, or wait until the suspension is lifted.`,
  );
}

/**
 * Why an organization's latest development build may not run under an install's grants, or
 * null: each new upload replaces the build the organization runs, and a build that asks for
 * more than was consented to must wait for an owner or admin to consent again.
 */
export function developmentBuildRefusal(install: Stored<'install'>, build: Stored<'devBuild'>): ApiError | null {
  const diff = diffPermissions(install.grantedPermissions, build.permissions);
  if (!permissionsGrow(diff)) return null;
  const grows = [
    ...diff.added.map((p) => p.name),
    ...diff.changed.filter((c) => c.added.length).map((c) => `${c.name}: ${c.added.join(', ')}`),
  ];
  return new ApiError(
    'consent-required',
    `Development build #${build.build} of ${build.pluginId} asks for more than was granted to build #${install.development?.build ?? '?'} (${grows.join('; ')}); an owner or admin must update the install and consent again (Organization → Development builds → Update).`,
    { diff, developmentBuild: build.build },
  );
}

/**
 * Installs the organization's development build, or moves a development install to the latest
 * build, after an owner or admin consented to exactly its permissions. `build` is the build the
 * consent was given for: a newer upload meanwhile refuses, so nobody consents to one build and
 * installs another.
 */
export async function installDevelopmentBuild(
  input: CallableParsedInput<typeof installContract>,
  build: number,
  context: CallContext,
): Promise<InstallOutput> {
  if (input.version !== undefined) {
    throw new ApiError(
      'invalid-input',
      'Give either a version or development, not both: a development build has no version to choose.',
    );
  }
  return db.runTransaction(async (tx) => {
    const { org } = await requireOrgRole(tx, input.orgId, context.uid, MANAGER_ROLES);
    const installRef = docs.install(input.orgId, input.pluginId);
    const [dev, existing, listing] = await Promise.all([
      tx.get(docs.devBuild(input.orgId, input.pluginId)).then((s) => s.data()),
      tx.get(installRef).then((s) => s.data()),
      tx.get(docs.plugin(input.pluginId)).then((s) => s.data()),
    ]);
    if (!dev) throw noDevelopmentBuild(input.orgId, input.pluginId);
    const suspended = suspendedPublisherRefusal((await tx.get(docs.publisher(dev.publisherId))).data(), dev);
    if (suspended) throw suspended;
    if (dev.build !== build) {
      throw new ApiError(
        'consent-mismatch',
        `Development build #${build} of ${input.pluginId} was replaced by build #${dev.build}; review build #${dev.build}'s permissions and consent again.`,
        { developmentBuild: dev.build },
      );
    }
    // The marketplace's kill switch on the plugin id stops its development builds too.
    if (listing?.revoked) {
      throw new ApiError(
        'plugin-revoked',
        `${input.pluginId} was revoked by the marketplace: ${listing.revoked.reason}`,
      );
    }
    if (!semver.satisfies(PLATFORM_VERSION, dev.platformRange)) {
      throw new ApiError(
        'incompatible-platform',
        `Development build #${dev.build} of ${input.pluginId} needs platform ${dev.platformRange}; this platform is ${PLATFORM_VERSION}.`,
      );
    }
    const what = `development build #${dev.build} of ${input.pluginId}`;
    assertConsent(input.grantedPermissions, dev.permissions, what);
    // The organization's install policy applies as to any plugin: its publisher lists and its
    // highest permission risk. A development build is private to this organization (nobody
    // outside it can see it), so an "internal plugins only" policy lets it through.
    const asListing = { publisherId: dev.publisherId, visibility: 'private', privateOrgId: input.orgId };
    const violation = policyViolation(policyOf(org), input.orgId, asListing, dev.permissions);
    if (violation) throw new ApiError('policy-blocked', violation);
    if (existing && !existing.development) {
      throw new ApiError(
        'already-exists',
        `${input.pluginId} is installed from the marketplace at version ${existing.version}; uninstall it first to install a development build.`,
        { installedVersion: existing.version },
      );
    }
    const result = { pluginId: input.pluginId, version: dev.version, changed: true };
    if (existing?.development?.build === dev.build) return { ...result, changed: false };
    const permissions: Permission[] = dev.permissions;
    const fields = {
      pluginId: input.pluginId,
      name: dev.name,
      publisherId: dev.publisherId,
      iconDataUrl: dev.iconDataUrl,
      version: dev.version,
      grantedPermissions: permissions,
      capabilities: dev.capabilities,
      consent: consentRecord(context, dev, permissions),
      development: { build: dev.build, sha256: dev.sha256 },
      updatedAt: FieldValue.serverTimestamp(),
    };
    if (existing) tx.update(installRef, fields);
    else tx.create(installRef, { ...fields, installedAt: FieldValue.serverTimestamp(), installedBy: context.uid });
    const version = `${dev.version} (development build #${dev.build})`;
    if (existing) {
      audit(tx, input.orgId, {
        action: 'update',
        pluginId: input.pluginId,
        fromVersion: `${existing.version} (development build #${existing.development!.build})`,
        version,
        uid: context.uid,
        email: context.email,
        reconsented: true,
        permissions,
      });
    } else {
      audit(tx, input.orgId, {
        action: 'install',
        pluginId: input.pluginId,
        version,
        uid: context.uid,
        email: context.email,
        permissions,
      });
    }
    return result;
  }, CONTENDED);
}
