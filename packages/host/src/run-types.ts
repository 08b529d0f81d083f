import type { QuickJSHandle } from 'quickjs-emscripten-core';
import type { AuditEvent, LogEntry } from './services.js';
import type { JsonValue } from './json.js';
import type { SandboxLimits } from './limits.js';
import type { EffectivePermissions } from './permissions.js';
import type { CallOutcome, ServiceName, ServiceOperation } from './protocol.js';
import type { VmBoundary } from './vm-boundary.js';

/**
 * The host as a run inside a sandbox worker reaches it: every service call and every refusal
 * crosses to the main thread, which audits it, checks it against its own clock and grant, and
 * may end the run (and the worker) at any moment.
 */
export interface SandboxHost {
  /** The services the caller supplied. */
  services: ReadonlySet<ServiceName>;
  /** Asks the host for a service call (the host audits it first). */
  call(operation: ServiceOperation, args: JsonValue[], event: AuditEvent): Promise<CallOutcome>;
  /** A refused bridge call, for the audit. */
  refused(event: AuditEvent): void;
  log(entry: LogEntry): void;
  /** The engine faulted: the host ends the run now and discards this worker. */
  fault(message: string): void;
}

export interface RunRequest {
  pluginId: string;
  files: ReadonlyMap<string, Uint8Array>;
  main: string;
  stepId: string;
  /** Already validated against the step's input schema. */
  input: JsonValue;
  permissions: EffectivePermissions;
  host: SandboxHost;
  limits: SandboxLimits & { timeoutMs: number };
  /** The deadline on this thread's `performance.now()` clock. */
  deadline: number;
}

/** What the bridges (`bridges.ts`) use of a run: its boundary, its budgets and its host calls. */
export interface BridgeContext {
  readonly request: RunRequest;
  readonly vm: VmBoundary;
  readonly permissions: EffectivePermissions;
  /** Wraps a bridge implementation as a sandbox function (see StepRun.bridgeFunction). */
  bridgeFunction(operation: string, impl: (handles: QuickJSHandle[]) => QuickJSHandle | undefined): QuickJSHandle;
  hasService(name: ServiceName): boolean;
  countServiceCall(operation: string): void;
  refused(event: AuditEvent): void;
  assertCapacity(): void;
  startCall<T>(
    event: AuditEvent,
    operation: ServiceOperation,
    args: JsonValue[],
    toSandbox: (value: T) => JsonValue | undefined,
  ): QuickJSHandle;
  resultJson(value: unknown, what: string): JsonValue | undefined;
  log(handles: QuickJSHandle[]): void;
}
