// What the platform runs for a development install: always the organization's latest build of
// the plugin (each upload replaces the last), and only while the install's grants cover it.
import type { DsseEnvelope } from '@mlebotics/shared';
import { revocationOf, revokedError } from '../admin/kill-switch.js';
import { developmentBuildRefusal, suspendedPublisherRefusal } from '../installs/development.js';
import { bucket } from '../lib/admin.js';
import { docs, type Stored } from '../lib/documents.js';
import { ApiError } from '../lib/errors.js';

type Install = Stored<'install'>;

/**
 * The install as it runs now: the organization's latest development build of the plugin (its
 * version, build and digest), refused when the build asks for more than was consented to, the
 * marketplace revoked the plugin id or suspended its publisher.
 */
export async function runningDevelopmentBuild(
  orgId: string,
  install: Install,
): Promise<{ install: Install; build: Stored<'devBuild'> }> {
  const [build, listing] = await Promise.all([
    docs
      .devBuild(orgId, install.pluginId)
      .get()
      .then((s) => s.data()),
    docs
      .plugin(install.pluginId)
      .get()
      .then((s) => s.data()),
  ]);
  if (!build) {
    throw new ApiError(
      'not-installed',
      `The development build of ${install.pluginId} installed in "${orgId}" is gone; upload a new one, or uninstall it.`,
    );
  }
  const revocation = revocationOf(listing, undefined);
  if (revocation) throw revokedError(install.pluginId, build.version, revocation);
  const suspended = suspendedPublisherRefusal((await docs.publisher(build.publisherId).get()).data(), build);
  if (suspended) throw suspended;
  const refusal = developmentBuildRefusal(install, build);
  if (refusal) throw refusal;
  return {
    install: { ...install, version: build.version, development: { build: build.build, sha256: build.sha256 } },
    build,
  };
}

// One object per upload, never rewritten: bytes are cached per warm instance by digest (every
// load verifies them again against the keys read at that moment).
const cache = new Map<string, { artifact: Uint8Array; envelope: DsseEnvelope }>();
const CACHE_ENTRIES = 8;

/** The signed artifact and envelope of the organization's development build with this digest. */
export async function developmentObject(orgId: string, pluginId: string, sha256: string) {
  const key = `${orgId}/${pluginId}#${sha256}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const build = (await docs.devBuild(orgId, pluginId).get()).data();
  if (!build || build.sha256 !== sha256) {
    throw new ApiError(
      'verification-failed',
      `Development build ${sha256.slice(0, 12)} of ${pluginId} was replaced; run it again.`,
    );
  }
  const files = bucket();
  const [[artifact], [envelope]] = await Promise.all([
    files.file(build.artifactPath).download(),
    files.file(build.envelopePath).download(),
  ]);
  const entry = { artifact: new Uint8Array(artifact), envelope: JSON.parse(envelope.toString('utf8')) as DsseEnvelope };
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, entry);
  return entry;
}
