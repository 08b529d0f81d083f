import { PluginHostError, load, type HostErrorCode } from '@mlebotics/plugin-host';
import { logger } from 'firebase-functions';
import type { CallableParsedInput, RunPluginStepOutput, runPluginStep } from '@mlebotics/shared';
import type { CallContext } from '../lib/callable.js';
import { ApiError, type ApiErrorCode } from '../lib/errors.js';
import { installedArtifact } from './installed.js';
import { PlatformServices } from './services.js';

const API_CODE: Record<HostErrorCode, ApiErrorCode> = {
  'verification-failed': 'verification-failed',
  'not-found': 'not-found',
  'invalid-input': 'invalid-input',
  'invalid-output': 'plugin-error',
  timeout: 'plugin-timeout',
  'out-of-memory': 'plugin-out-of-memory',
  'permission-denied': 'plugin-permission-denied',
  'plugin-error': 'plugin-error',
};

/**
 * Runs an automation step of an installed plugin: the installed version's registry artifact,
 * verified again (signature by a published unrevoked key, package and file digests), in a fresh
 * sandbox with exactly the organization's grants. Every bridge call is audited in the org's log.
 */
export async function runStep(
  input: CallableParsedInput<typeof runPluginStep>,
  context: CallContext,
): Promise<RunPluginStepOutput> {
  const { install, artifact, envelope, keys } = await installedArtifact(input.orgId, input.pluginId, context.uid);
  const services = new PlatformServices(input.orgId, input.pluginId, { uid: context.uid, via: 'step' });
  const logs: string[] = [];
  const started = performance.now();
  let failure: PluginHostError | undefined;
  try {
    const plugin = await load(artifact, envelope, keys, install.grantedPermissions, {
      pluginId: input.pluginId,
      version: install.version,
    });
    const result = await plugin.runStep(input.stepId, input.input, {
      services: services.hostServices(logs),
      audit: services.auditSink,
      onServiceError: (error, event) =>
        logger.warn('plugin service failed', { pluginId: input.pluginId, operation: event.operation, error }),
    });
    return {
      output: result.output,
      version: install.version,
      durationMs: Math.round(performance.now() - started),
      logs,
      audit: services.audit,
    };
  } catch (error) {
    if (!(error instanceof PluginHostError)) throw error;
    failure = error;
    throw new ApiError(API_CODE[error.code], error.message, { hostCode: error.code, logs });
  } finally {
    await services.flushAudit({
      version: install.version,
      stepId: input.stepId,
      outcome: failure ? failure.code : 'ok',
    });
  }
}
