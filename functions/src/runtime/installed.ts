import type { DsseEnvelope, TrustedKey } from '@mlebotics/shared';
import { bucket } from '../lib/admin.js';
import { docs, type Stored } from '../lib/documents.js';
import { ApiError } from '../lib/errors.js';
import { checkPricingAccess } from '../installs/pricing-access.js';
import { requireOrgRole } from '../lib/access.js';
import { trustedKeys } from '../signing/keys.js';
import { revocationOf, revokedError } from '../admin/kill-switch.js';
import { developmentObject, runningDevelopmentBuild } from './development.js';

type Install = Stored<'install'>;

export interface InstalledArtifact {
  install: Install;
  artifact: Uint8Array;
  envelope: DsseEnvelope;
  keys: TrustedKey[];
}

// Registry artifacts are immutable, so the bytes of a version can be kept between invocations of
// a warm instance. The cache holds bytes only: every load verifies them again, against the keys
// read at that moment (a revoked key takes effect at once).
const CACHE_BYTES = 64 * 1024 * 1024;
const cache = new Map<string, { artifact: Uint8Array; envelope: DsseEnvelope }>();
let cachedBytes = 0;

async function registryObject(pluginId: string, version: string) {
  const key = `${pluginId}@${version}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const doc = (await docs.version(pluginId, version).get()).data();
  if (!doc) throw new ApiError('verification-failed', `${key} is not in the registry.`);
  const [artifact] = await bucket().file(doc.artifactPath).download();
  const envelope =
    doc.envelope ??
    (JSON.parse((await bucket().file(doc.envelopePath).download())[0].toString('utf8')) as DsseEnvelope);
  const entry = { artifact: new Uint8Array(artifact), envelope };
  cache.set(key, entry);
  cachedBytes += artifact.byteLength;
  for (const [k, v] of cache) {
    if (cachedBytes <= CACHE_BYTES) break;
    cache.delete(k);
    cachedBytes -= v.artifact.byteLength;
  }
  return entry;
}

/**
 * The organization's install of a plugin, when the caller may use it: a member, the plugin
 * installed, and (paid plugins) the entitlement active. Yanked versions still count for the
 * organizations that have them.
 */
export async function usableInstall(orgId: string, pluginId: string, uid: string): Promise<Install> {
  await requireOrgRole(undefined, orgId, uid, ['owner', 'admin', 'operator']);
  const install = (await docs.install(orgId, pluginId).get()).data();
  if (!install) throw new ApiError('not-installed', `${pluginId} is not installed in "${orgId}"; install it first.`);
  if (install.development) return (await runningDevelopmentBuild(orgId, install)).install;
  // Read fresh on every load: the kill switch takes effect on the next run or panel.
  const [listing, version] = await Promise.all([
    docs
      .plugin(pluginId)
      .get()
      .then((s) => s.data()),
    docs
      .version(pluginId, install.version)
      .get()
      .then((s) => s.data()),
  ]);
  const revocation = revocationOf(listing, version);
  if (revocation) throw revokedError(pluginId, install.version, revocation);
  // Listings are never deleted; without one there is no price to check (as for a free plugin).
  if (listing) {
    const entitlement = await checkPricingAccess(undefined, orgId, pluginId, listing);
    if (!entitlement.ok) throw new ApiError('entitlement-required', entitlement.reason);
  }
  return install;
}

/**
 * What the platform loads for an organization's installed plugin (see usableInstall), with the
 * published keys read now. Verification is the host's job (`load`), not this one's.
 */
export async function installedArtifact(orgId: string, pluginId: string, uid: string): Promise<InstalledArtifact> {
  const install = await usableInstall(orgId, pluginId, uid);
  const [{ artifact, envelope }, keys] = await Promise.all([
    install.development
      ? developmentObject(orgId, pluginId, install.development.sha256)
      : registryObject(pluginId, install.version),
    trustedKeys(),
  ]);
  return { install, artifact, envelope, keys };
}
