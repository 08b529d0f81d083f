import {
  PluginHostError,
  configureSandboxPool,
  load,
  warmUp,
  type HostErrorCode,
  type RunSummary,
} from '@mlebotics/plugin-host';
import { logger } from 'firebase-functions';
import type {
  CallableParsedInput,
  RunPluginStepFailure,
  RunPluginStepOutput,
  runPluginStep as runPluginStepContract,
} from '@mlebotics/shared';
import type { CallContext } from '../lib/callable.js';
import { servesFunction } from '../lib/config.js';
import { ApiError, type ApiErrorCode } from '../lib/errors.js';
import { installedArtifact } from './installed.js';
import { writeRunRecord } from './run-record.js';
import { PlatformServices } from './services.js';

/**
 * One `runPluginStep` instance runs up to `concurrency` steps at once, one per sandbox worker.
 * A worker measured ~15 MiB idle and ~50 MiB while a hostile step fills its sandbox; its worst
 * case is bounded by the QuickJS memory cap (64 MiB) plus the worker's V8 heap cap (64 + 16 MiB)
 * and its isolate (~15 MiB): 8 × ~160 MiB + 2 idle spares × 15 MiB + ~250 MiB for the instance
 * ≈ 1.6 GiB < 2 GiB. Two
 * vCPUs keep the main thread (which only passes messages and serves host calls) responsive
 * while workers compute. See docs/architecture.md, "Plugin runtime".
 */
export const RUN_STEP_INSTANCE = { memory: '2GiB', cpu: 2, concurrency: 8 } as const;

/**
 * Sandbox workers per instance: one per concurrent step, plus two started spares that take new
 * steps while workers terminated for overrunning their deadline are replaced.
 */
export const SANDBOX_WORKERS = RUN_STEP_INSTANCE.concurrency + 2;

/** Sizes the sandbox pool to the instance and, on an instance serving `target`, starts it. */
export function startSandboxes(target: string): void {
  configureSandboxPool({ workers: SANDBOX_WORKERS });
  if (servesFunction(target)) {
    warmUp().catch((error: unknown) => logger.warn('sandbox warm-up failed', { error }));
  }
}

const API_CODE: Record<HostErrorCode, ApiErrorCode> = {
  'verification-failed': 'verification-failed',
  'not-found': 'not-found',
  'invalid-input': 'invalid-input',
  'invalid-output': 'plugin-error',
  timeout: 'plugin-timeout',
  'out-of-memory': 'plugin-out-of-memory',
  'permission-denied': 'plugin-permission-denied',
  'call-limit': 'plugin-call-limit',
  'engine-fault': 'plugin-engine-fault',
  'plugin-error': 'plugin-error',
};

/**
 * Runs an automation step of an installed plugin: the installed version's registry artifact,
 * verified again (signature by a published unrevoked key, package and file digests), in a fresh
 * sandbox with exactly the organization's grants. Every bridge call is audited in the org's log,
 * and every run that reached the host (succeeded or not) is recorded in `orgs/{orgId}/runs`. A
 * failure carries the run's log in its details (RunPluginStepFailure).
 */
export async function runPluginStep(
  input: CallableParsedInput<typeof runPluginStepContract>,
  context: CallContext,
): Promise<RunPluginStepOutput> {
  const { install, artifact, envelope, keys } = await installedArtifact(input.orgId, input.pluginId, context.uid);
  const services = new PlatformServices(input.orgId, input.pluginId, { uid: context.uid, via: 'step' });
  const logs: string[] = [];
  const started = performance.now();
  let failure: PluginHostError | undefined;
  let summary: RunSummary | undefined;
  let output: unknown;
  const record = () =>
    writeRunRecord({
      orgId: input.orgId,
      pluginId: input.pluginId,
      version: install.version,
      stepId: input.stepId,
      uid: context.uid,
      input: input.input,
      output,
      failure,
      logs,
      logLinesDropped: summary?.logLinesDropped ?? 0,
      calls: services.audit,
      durationMs: performance.now() - started,
    });
  try {
    const plugin = await load(artifact, envelope, keys, install.grantedPermissions, {
      pluginId: input.pluginId,
      version: install.version,
      ...(install.development ? { developmentOrgId: input.orgId } : {}),
    });
    const result = await plugin.runStep(input.stepId, input.input, {
      services: services.hostServices(logs),
      audit: services.auditSink,
      onServiceError: (error, event) =>
        logger.warn('plugin service failed', { pluginId: input.pluginId, operation: event.operation, error }),
      onRunEnd: (ended) => {
        summary = ended;
      },
    });
    output = result.output;
    const runId = await record();
    return {
      output: result.output,
      version: install.version,
      durationMs: Math.round(performance.now() - started),
      logs,
      logLinesDropped: summary?.logLinesDropped ?? 0,
      audit: services.audit,
      ...(runId ? { runId } : {}),
    };
  } catch (error) {
    if (!(error instanceof PluginHostError)) throw error;
    failure = error;
    const runId = await record();
    const details: RunPluginStepFailure = {
      hostCode: error.code,
      logs,
      logLinesDropped: summary?.logLinesDropped ?? 0,
      ...(runId ? { runId } : {}),
    };
    throw new ApiError(API_CODE[error.code], error.message, { ...details });
  } finally {
    await services.flushAudit({
      version: install.version,
      stepId: input.stepId,
      outcome: failure ? failure.code : 'ok',
      ...(summary
        ? {
            serviceCalls: summary.serviceCalls,
            refusedCalls: summary.refusedCalls,
            refusedSampled: summary.refusedSampled,
            logLinesDropped: summary.logLinesDropped,
          }
        : {}),
    });
  }
}
