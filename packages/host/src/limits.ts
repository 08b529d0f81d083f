import { RUNTIME_LIMITS } from '@mlebotics/shared/limits';

const KiB = 1024;
const MiB = 1024 * KiB;
/** WebAssembly pages are 64 KiB; QuickJS's build declares 16 MiB of initial memory. */
export const WASM_PAGE_BYTES = 64 * KiB;
export const MIN_MEMORY_BYTES = 16 * MiB;
export const MAX_MEMORY_BYTES = 1024 * MiB;

/** Resource limits of one step run. */
export interface SandboxLimits {
  /**
   * Hard cap of the sandbox's WebAssembly memory (the QuickJS heap, its stack and data), in
   * bytes: 16 MiB to 1 GiB. Default 64 MiB.
   */
  memoryBytes: number;
  /**
   * Time budget of one run, in milliseconds, covering module evaluation, the step, its promise
   * jobs and every host call it awaits. Default: the step's `timeoutMs`, else 1000.
   */
  timeoutMs?: number;
  /**
   * QuickJS stack limit in bytes (recursion depth). Default 192 KiB, about 1,000 nested calls;
   * higher values let deep recursion exhaust the Node.js stack first (still contained: the run
   * fails and its module is thrown away).
   */
  maxStackBytes: number;
  /** Largest step output, in UTF-8 bytes of its JSON text. Default 1 MiB. */
  maxOutputBytes: number;
  /** Largest response body `ctx.fetch` hands to the plugin, in UTF-8 bytes. Default 1 MiB. */
  maxResponseBytes: number;
  /** Largest argument list of one host call, in UTF-8 bytes of its JSON text. Default 1 MiB. */
  maxArgumentBytes: number;
  /** Most host calls awaited at the same time. Default 16. */
  maxPendingCalls: number;
  /**
   * Most `ctx.log` lines kept per run (later ones are counted, not kept). Default
   * RUNTIME_LIMITS.logLines (200), the one figure the functions, the console and the guide use.
   */
  maxLogLines: number;
  /**
   * Most calls that reach a platform service in one run; every one of them is audited. The call
   * past it ends the run with `call-limit`. Default 1,000.
   */
  maxServiceCalls: number;
  /**
   * Most refused bridge calls (permission or argument refusals) in one run: they are counted,
   * the first few kept in the audit as samples, and the refusal past this ends the run as
   * abusive with `call-limit`. Default 100.
   */
  maxRefusedCalls: number;
}

export const DEFAULT_SANDBOX_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  memoryBytes: 64 * MiB,
  maxStackBytes: 192 * KiB,
  maxOutputBytes: 1 * MiB,
  maxResponseBytes: 1 * MiB,
  maxArgumentBytes: 1 * MiB,
  maxPendingCalls: 16,
  maxLogLines: RUNTIME_LIMITS.logLines,
  maxServiceCalls: 1000,
  maxRefusedCalls: 100,
});

/** Refused calls kept in the audit of one run as samples (the rest are only counted). */
export const AUDIT_REFUSAL_SAMPLES = 20;
/** Longest text of one audit detail value (URLs, keys, reasons), in characters. */
export const MAX_AUDIT_DETAIL_CHARS = 300;

export const DEFAULT_STEP_TIMEOUT_MS = 1000;
/** Largest step input, as JSON text. */
export const MAX_INPUT_BYTES = 1 * MiB;
/** Deepest nesting of arrays and objects accepted in data crossing the boundary. */
export const MAX_JSON_DEPTH = 64;
/** Longest `ctx.log` line kept, in UTF-8 bytes (longer lines are cut, marked with …). */
export const MAX_LOG_LINE_BYTES = 2000;
/** Longest error message carried out of (or into) the sandbox. */
export const MAX_MESSAGE_CHARS = 1000;

function positiveInteger(name: string, value: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`Sandbox limit ${name} must be an integer from ${min} to ${max}; got ${value}.`);
  }
  return value;
}

/** Defaults overridden by `overrides`, checked; memory is rounded down to whole pages. */
export function resolveSandboxLimits(overrides: Partial<SandboxLimits> = {}): SandboxLimits {
  const limits = { ...DEFAULT_SANDBOX_LIMITS, ...overrides };
  positiveInteger('memoryBytes', limits.memoryBytes, MIN_MEMORY_BYTES, MAX_MEMORY_BYTES);
  limits.memoryBytes -= limits.memoryBytes % WASM_PAGE_BYTES;
  if (limits.timeoutMs !== undefined) positiveInteger('timeoutMs', limits.timeoutMs, 1, 10 * 60 * 1000);
  positiveInteger('maxStackBytes', limits.maxStackBytes, 16 * KiB, 8 * MiB);
  positiveInteger('maxOutputBytes', limits.maxOutputBytes);
  positiveInteger('maxResponseBytes', limits.maxResponseBytes);
  positiveInteger('maxArgumentBytes', limits.maxArgumentBytes);
  positiveInteger('maxPendingCalls', limits.maxPendingCalls);
  positiveInteger('maxLogLines', limits.maxLogLines, 0);
  positiveInteger('maxServiceCalls', limits.maxServiceCalls, 0);
  positiveInteger('maxRefusedCalls', limits.maxRefusedCalls, 0);
  return limits;
}
