// What an organization has installed, and a version's manifest: the install reads.
import {
  diffPermissions,
  memberRole,
  orgCanUseListing,
  permissionsGrow,
  viewerCanSeeListing,
  type CallableParsedInput,
  type InstalledPlugin,
  type ListingAudience,
  type Viewer,
  type getManifest as getManifestContract,
  type listInstalled as listInstalledContract,
} from '@mlebotics/shared';
import semver from 'semver';
import { revocationOf } from '../admin/kill-switch.js';
import { requireOrgRole } from '../lib/access.js';
import type { CallContext } from '../lib/callable.js';
import { cols, docs, type Stored } from '../lib/documents.js';
import { ApiError } from '../lib/errors.js';
import { developmentBuildRefusal } from './development.js';
import { notFound } from './installs.js';

/**
 * The organization's installs, each with its update (and the permission change it brings), and
 * whether its publisher yanked or the marketplace revoked the installed version.
 */
export async function listInstalled(input: CallableParsedInput<typeof listInstalledContract>, context: CallContext) {
  await requireOrgRole(undefined, input.orgId, context.uid, ['owner', 'admin', 'operator']);
  const installs = await cols.installs(input.orgId).get();
  const result: InstalledPlugin[] = await Promise.all(
    installs.docs.map(async (doc) => {
      const data = doc.data();
      if (data.development) return developmentRow(input.orgId, data);
      const [listingSnap, installedSnap] = await Promise.all([
        docs.plugin(doc.id).get(),
        docs.version(doc.id, data.version).get(),
      ]);
      const listing = listingSnap.data();
      const revocation = revocationOf(listing, installedSnap.data());
      const latest = listing && orgCanUseListing(listing, input.orgId) ? listing.latestVersion : null;
      const updateAvailable = !!latest && semver.valid(latest) !== null && semver.gt(latest, data.version);
      let updateDiff = null;
      if (latest && updateAvailable) {
        const latestDoc = (await docs.version(doc.id, latest).get()).data();
        updateDiff = diffPermissions(data.grantedPermissions, latestDoc?.permissions ?? []);
      }
      return {
        pluginId: doc.id,
        name: data.name,
        version: data.version,
        yanked: installedSnap.data()?.status === 'yanked',
        revoked: revocation
          ? { scope: revocation.scope, reason: revocation.mark.reason, at: revocation.mark.at.toDate().toISOString() }
          : null,
        latestVersion: latest,
        updateAvailable,
        updateDiff,
        updateNeedsConsent: updateDiff ? permissionsGrow(updateDiff) : false,
        grantedPermissions: data.grantedPermissions,
        installedAt: data.installedAt.toDate().toISOString(),
        installedBy: data.installedBy,
        capabilities: data.capabilities,
        development: null,
      };
    }),
  );
  return { installs: result.sort((a, b) => a.name.localeCompare(b.name)) };
}

/**
 * An install of a development build: never an update from the catalogue (there is no version to
 * move to), but the organization's latest build and whether running it needs fresh consent.
 */
async function developmentRow(orgId: string, install: Stored<'install'>): Promise<InstalledPlugin> {
  const [listing, latest] = await Promise.all([
    docs
      .plugin(install.pluginId)
      .get()
      .then((s) => s.data()),
    docs
      .devBuild(orgId, install.pluginId)
      .get()
      .then((s) => s.data()),
  ]);
  const revoked = listing?.revoked;
  return {
    pluginId: install.pluginId,
    name: install.name,
    version: install.version,
    yanked: false,
    revoked: revoked ? { scope: 'plugin', reason: revoked.reason, at: revoked.at.toDate().toISOString() } : null,
    latestVersion: null,
    updateAvailable: false,
    updateDiff: null,
    updateNeedsConsent: false,
    grantedPermissions: install.grantedPermissions,
    installedAt: install.installedAt.toDate().toISOString(),
    installedBy: install.installedBy,
    capabilities: install.capabilities,
    development: {
      build: install.development!.build,
      latestBuild: latest?.build ?? null,
      needsConsent: latest ? developmentBuildRefusal(install, latest) !== null : false,
    },
  };
}

/**
 * The memberships that decide whether the caller sees this listing: of its private organization
 * and of its publisher (read only when the listing is not public).
 */
async function viewerOf(context: CallContext, listing: ListingAudience | undefined): Promise<Viewer> {
  const viewer: Viewer = { isAdmin: context.isAdmin, orgIds: new Set(), publisherIds: new Set() };
  if (!listing || listing.visibility === 'public') return viewer;
  const [org, publisher] = await Promise.all([
    typeof listing.privateOrgId === 'string' ? docs.org(listing.privateOrgId).get() : undefined,
    typeof listing.publisherId === 'string' ? docs.publisher(listing.publisherId).get() : undefined,
  ]);
  if (org && memberRole(org.data()?.members, context.uid)) (viewer.orgIds as Set<string>).add(org.id);
  if (publisher && memberRole(publisher.data()?.members, context.uid))
    (viewer.publisherIds as Set<string>).add(publisher.id);
  return viewer;
}

/** A version's manifest, for callers who can see the plugin. */
export async function getManifest(input: CallableParsedInput<typeof getManifestContract>, context: CallContext) {
  const listing = (await docs.plugin(input.pluginId).get()).data();
  if (!viewerCanSeeListing(await viewerOf(context, listing), listing)) throw notFound(input.pluginId);
  const version = (await docs.version(input.pluginId, input.version).get()).data();
  if (!version) throw new ApiError('not-found', `${input.pluginId} has no version ${input.version}.`);
  return { manifest: version.manifest, sha256: version.sha256, status: version.status };
}
