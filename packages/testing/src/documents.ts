// Documents tests seed directly with the Admin SDK, in their real shape (the functions parse
// every document they read with its schema).
import { converters, membershipFields, paths, type OrgRole } from '@mlebotics/shared';
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
