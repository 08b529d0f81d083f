// Loading an UNSIGNED local package, for `mlebotics-plugin run` only. The platform never imports
// this entry (`@mlebotics/plugin-host/local`): it runs what `load` verified against a signature.
// A local package gets the marketplace's own validation instead, then the very same sandbox,
// limits, input/output checks and error codes as a published one (VerifiedPlugin).
import type { Permission, PluginManifest, ValidationIssue } from '@mlebotics/shared';
import { DEFAULT_LIMITS } from '@mlebotics/shared/limits';
import { readPackageFiles, validatePackageBytes } from '@mlebotics/shared/node';
import { PluginHostError } from './errors.js';
import { resolveSandboxLimits, type SandboxLimits } from './limits.js';
import { VerifiedPlugin, type LoadedPlugin } from './verified-plugin.js';
import { effectivePermissions } from './permissions.js';
import { compileSteps } from './schemas.js';

/** The key id a local package reports: it was validated, not signed. */
export const LOCAL_KEY_ID = 'local-unsigned';

/** A local package: its validation problems, or the plugin ready to run. */
export type LocalLoad = { ok: true; plugin: LoadedPlugin } | { ok: false; errors: ValidationIssue[] };

/**
 * Validates package bytes (as `pack` makes them) with the upload pipeline's checks and returns
 * the plugin ready to run its steps. `grants` narrow what the manifest declares exactly as an
 * organization's install does (the default grants everything declared); given as a function, it
 * is asked with the validated manifest (and may throw to stop the load). Never use this for a
 * published plugin: that is what `load` and its signature check are for.
 */
export async function loadLocal(
  bytes: Uint8Array,
  grants?: readonly Permission[] | ((manifest: PluginManifest) => readonly Permission[]),
  limits: Partial<SandboxLimits> = {},
): Promise<LocalLoad> {
  resolveSandboxLimits(limits);
  const validated = await validatePackageBytes(bytes);
  if (!validated.ok || !validated.manifest || !validated.contents) return { ok: false, errors: validated.errors };
  const { manifest, contents } = validated;
  const granted = typeof grants === 'function' ? grants(manifest) : (grants ?? manifest.permissions);
  const read = await readPackageFiles(
    bytes,
    new Set(contents.files.map((f) => f.path)),
    DEFAULT_LIMITS.maxUncompressedBytes,
    DEFAULT_LIMITS,
  );
  let compiled;
  try {
    compiled = compileSteps(manifest);
  } catch (error) {
    throw new PluginHostError(
      'verification-failed',
      `A step schema of ${manifest.id}@${manifest.version} does not compile: ${(error as Error).message}`,
    );
  }
  const plugin = new VerifiedPlugin(
    manifest,
    LOCAL_KEY_ID,
    contents.sha256,
    read.kept,
    compiled,
    effectivePermissions(manifest.permissions, granted),
    limits,
  );
  return { ok: true, plugin };
}
