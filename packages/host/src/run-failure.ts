import { formatBytes } from '@mlebotics/shared/limits';
import type { QuickJSHandle } from 'quickjs-emscripten-core';
import { missingGlobalHint, packageLocation } from './error-hints.js';
import { PluginHostError } from './errors.js';
import { ModuleResolutionError } from './modules.js';
import type { RunRequest } from './run-types.js';
import type { VmBoundary } from './vm-boundary.js';
import { VmException, clip } from './vm-helpers.js';
import { wasmApi } from './wasm.js';

/** What classifying a failure needs to know of the run it ended. */
export interface FailedRun {
  readonly request: RunRequest;
  /** Why the run was stopped from inside (a limit, a fault), if it was. */
  readonly stopReason: PluginHostError | undefined;
  /** Whether QuickJS's interrupt handler ended it. */
  readonly interrupted: boolean;
  /** Undefined when the failure came before the context existed. */
  readonly vm: VmBoundary | undefined;
  /** The memory cap of the run's module, once it exists. */
  readonly memoryCap: number | undefined;
  /** The message of a permission refusal the plugin rethrew, if `handle` is one. */
  denialOf(handle: QuickJSHandle): string | undefined;
  nearMemoryCap(): boolean;
}

export function timeoutError(
  request: Pick<RunRequest, 'stepId' | 'pluginId'> & { limits: { timeoutMs: number } },
): PluginHostError {
  const { stepId, pluginId, limits } = request;
  return new PluginHostError(
    'timeout',
    `The step "${stepId}" of ${pluginId} did not finish within ${limits.timeoutMs} ms and was stopped.`,
  );
}

export function outOfMemoryError(run: FailedRun): PluginHostError {
  const { stepId, pluginId } = run.request;
  const cap = run.memoryCap ?? run.request.limits.memoryBytes;
  return new PluginHostError(
    'out-of-memory',
    `The step "${stepId}" of ${pluginId} used more than its ${formatBytes(cap)} of memory and was stopped.`,
  );
}

/** Classifies a value the sandbox threw. */
export function fromVmException(run: FailedRun, handle: QuickJSHandle): PluginHostError {
  const { request } = run;
  if (run.stopReason) return run.stopReason;
  if (run.interrupted || performance.now() >= request.deadline) return timeoutError(request);
  const denial = run.denialOf(handle);
  if (denial !== undefined) return new PluginHostError('permission-denied', denial);
  const described = run.vm?.describe(handle);
  if (run.stopReason) return run.stopReason;
  if (run.interrupted) return timeoutError(request);
  if (!described) {
    return run.nearMemoryCap()
      ? outOfMemoryError(run)
      : new PluginHostError('plugin-error', `The plugin ${request.pluginId} threw a value that cannot be read.`);
  }
  const [name, message, stack] = described;
  if (name === 'InternalError' && message === 'out of memory') return outOfMemoryError(run);
  if (run.vm?.context.typeof(handle) === 'object' && name === '' && message === 'null' && run.nearMemoryCap()) {
    return outOfMemoryError(run);
  }
  const shown = name && name.length <= 40 && !message.startsWith(name) ? `${name}: ${message}` : message;
  const where = packageLocation(stack, request.files);
  const hint = missingGlobalHint(name, message);
  return new PluginHostError(
    'plugin-error',
    `${clip(shown || 'The plugin threw an error without a message.')}${where ? ` (at ${where})` : ''}${hint ? ` — ${hint}.` : ''}`,
  );
}

/**
 * The error a run ends with, for anything thrown out of it, and whether its worker must be
 * discarded (a host stack overflow, memory exhausted outside QuickJS, an engine fault).
 */
export function toHostError(run: FailedRun, error: unknown): { failure: PluginHostError; discard: boolean } {
  const { request } = run;
  const keep = (failure: PluginHostError) => ({ failure, discard: failure.code === 'engine-fault' });
  const drop = (failure: PluginHostError) => ({ failure, discard: true });
  if (run.stopReason) return keep(run.stopReason);
  if (error instanceof PluginHostError) return keep(error);
  if (error instanceof VmException) return keep(fromVmException(run, error.handle));
  if (error instanceof ModuleResolutionError) return keep(new PluginHostError('plugin-error', error.message));
  if (run.interrupted || performance.now() >= request.deadline) return keep(timeoutError(request));
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return drop(
      new PluginHostError(
        'plugin-error',
        `The plugin ${request.pluginId} recursed too deeply (maximum call stack size exceeded).`,
      ),
    );
  }
  if (run.memoryCap !== undefined && run.nearMemoryCap()) return drop(outOfMemoryError(run));
  const detail =
    error instanceof wasmApi.RuntimeError || error instanceof wasmApi.LinkError || error instanceof Error
      ? `${error.name}: ${error.message}`
      : String(error);
  if (/OOM|out of memory/i.test(detail)) return drop(outOfMemoryError(run));
  return drop(
    new PluginHostError(
      'engine-fault',
      `The sandbox of ${request.pluginId} stopped on an internal fault (${clip(detail, 200)}); it was discarded.`,
    ),
  );
}
