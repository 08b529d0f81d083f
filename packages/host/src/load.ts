import type { DsseEnvelope, Permission, TrustedKey } from '@mlebotics/shared';
import { verifyEnvelope } from '@mlebotics/shared/signing/dsse';
import { PluginHostError } from './errors.js';
import { resolveSandboxLimits, type SandboxLimits } from './limits.js';
import { effectivePermissions } from './permissions.js';
import { compileSteps, type CompiledStep } from './schemas.js';
import { verifyArtifact } from './verify.js';
import { VerifiedPlugin, type LoadedPlugin } from './verified-plugin.js';

export { VerifiedPlugin, type LoadedPlugin, type RunStepOptions, type StepResult } from './verified-plugin.js';

export interface LoadOptions {
  /**
   * The plugin id and version the caller means to load (from the organization's install). When
   * omitted, the signed subject's are used; the manifest must match them either way.
   */
  pluginId?: string;
  version?: string;
  /** The organization of a development build (from a development install); absent for a published version. */
  developmentOrgId?: string;
  /** Default limits for this plugin's runs (each run may override them). */
  limits?: Partial<SandboxLimits>;
}

/**
 * Verifies a published package (see verifyArtifact) and returns it ready to run. `grants` are
 * the permissions the organization granted at install; a run gets the intersection of those and
 * what the signed manifest declares. Rejects with a `verification-failed` PluginHostError when
 * the package, its signature or its key does not check out.
 */
export async function load(
  artifact: Uint8Array,
  envelope: DsseEnvelope,
  trustedKeys: readonly TrustedKey[],
  grants: readonly Permission[],
  options: LoadOptions = {},
): Promise<LoadedPlugin> {
  const limits = options.limits ?? {};
  resolveSandboxLimits(limits);
  let { pluginId, version } = options;
  if (pluginId === undefined || version === undefined) {
    const signed = verifyEnvelope(envelope, trustedKeys);
    if (!signed.ok) throw new PluginHostError('verification-failed', signed.reason);
    pluginId ??= signed.statement.predicate.pluginId;
    version ??= signed.statement.predicate.version;
  }
  const { developmentOrgId } = options;
  const verified = await verifyArtifact({ artifact, envelope, trustedKeys, pluginId, version, developmentOrgId });
  if (!verified.ok) throw new PluginHostError('verification-failed', verified.reason);
  let compiled: Map<string, CompiledStep>;
  try {
    compiled = compileSteps(verified.manifest);
  } catch (error) {
    throw new PluginHostError(
      'verification-failed',
      `A step schema of ${pluginId}@${version} does not compile: ${(error as Error).message}`,
    );
  }
  return new VerifiedPlugin(
    verified.manifest,
    verified.keyId,
    verified.sha256,
    verified.files,
    compiled,
    effectivePermissions(verified.manifest.permissions, grants),
    limits,
  );
}
