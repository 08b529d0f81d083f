// Documents tests seed directly with the Admin SDK, in their real shape (the functions parse
// every document they read with its schema).
import { converters, membershipFields, paths, type ListingDoc, type OrgRole } from '@mlebotics/shared';
import { FieldValue } from 'firebase-admin/firestore';
import { adminDoc } from './admin.js';

/** An organization with these members (uid → role), as `createOrg` and invitations make it. */
export async function seedOrg(orgId: string, name: string, members: Record<string, OrgRole>): Promise<void> {
  const uids = Object.keys(members);
  await adminDoc(converters.org, paths.org(orgId)).set({
    name,
    ...membershipFields(uids.map((uid) => ({ uid, role: members[uid]!, email: `${uid}@example.com` }))),
    settings: { internalOnly: false, blockedPublishers: [], allowedPublishers: [], maxRisk: 'high' },
    createdAt: FieldValue.serverTimestamp(),
    createdBy: uids[0] ?? 'seed',
  });
}

/**
 * An install of a plugin version that asks for no permissions, as `install` writes it, consented
 * by `uid` (the tests' plugins from `packPlugin` declare none unless told).
 */
export async function seedInstall(orgId: string, pluginId: string, version = '1.0.0', uid = 'seed'): Promise<void> {
  const [publisherId = pluginId] = pluginId.split('.');
  await adminDoc(converters.install, paths.install(orgId, pluginId)).set({
    pluginId,
    name: pluginId,
    publisherId,
    iconDataUrl: null,
    version,
    grantedPermissions: [],
    capabilities: [],
    consent: {
      uid,
      email: null,
      emailVerified: false,
      at: FieldValue.serverTimestamp(),
      manifestSha256: '0'.repeat(64),
      packageSha256: '0'.repeat(64),
      permissions: [],
    },
    installedAt: FieldValue.serverTimestamp(),
    installedBy: uid,
    updatedAt: FieldValue.serverTimestamp(),
  });
}

/** A listing as a first publish creates it (no versions behind it), with overrides. */
export async function seedListing(
  pluginId: string,
  overrides: Partial<Pick<ListingDoc, 'name' | 'visibility' | 'privateOrgId'>> = {},
): Promise<void> {
  const [publisherId = pluginId] = pluginId.split('.');
  const name = overrides.name ?? pluginId;
  await adminDoc(converters.plugin, paths.plugin(pluginId)).set({
    id: pluginId,
    name,
    summary: `${name}, for tests.`,
    publisherId,
    publisherName: publisherId,
    publisherVerified: false,
    categories: ['automation'],
    keywords: [],
    capabilityTypes: [],
    permissionNames: [],
    permissionFlags: { none: true },
    categoryFlags: { automation: true },
    capabilityFlags: {},
    searchTokens: [],
    latestVersion: '1.0.0',
    versionCount: 1,
    visibility: overrides.visibility ?? 'public',
    privateOrgId: overrides.privateOrgId ?? null,
    pricing: { model: 'free' },
    priceClass: 'free',
    revoked: null,
    publisherSuspended: false,
    discoverable: true,
    rating: { count: 0, sum: 0, average: 0, histogram: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } },
    ratingAtLeast: { '1': false, '2': false, '3': false, '4': false },
    installCount: 0,
    score: 0,
    iconDataUrl: null,
    repository: `https://example.com/${pluginId}`,
    homepage: null,
    license: 'MIT',
    deprecated: null,
    createdAt: FieldValue.serverTimestamp(),
    updatedAt: FieldValue.serverTimestamp(),
  });
}
