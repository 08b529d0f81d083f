import type { QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten-core';
import { newSandboxModule, type SandboxModule } from './engine.js';
import { PluginHostError, type HostErrorCode } from './errors.js';
import { stringifyBoundaryJson, type JsonValue } from './json.js';
import { MAX_LOG_LINE_BYTES } from './limits.js';
import { installModuleLoader, moduleSource } from './modules.js';
import type { EffectivePermissions } from './permissions.js';
import type { ServiceName, ServiceOperation } from './protocol.js';
import type { AuditEvent } from './services.js';
import { installBridges } from './bridges.js';
import { HostCalls } from './host-calls.js';
import { RunBudget } from './run-budget.js';
import { fromVmException, timeoutError, toHostError, type FailedRun } from './run-failure.js';
import type { BridgeContext, RunRequest } from './run-types.js';
import { VmBoundary } from './vm-boundary.js';
import { VmException, clip, clipBytes, isBridgeFailure } from './vm-helpers.js';

export type { RunRequest, SandboxHost } from './run-types.js';

/** Jobs run between two checks of the deadline and of completed host calls. */
const JOB_BATCH = 256;
/**
 * Within this much of QuickJS's allocator limit (by the high-water mark of the WebAssembly
 * memory, which never shrinks), a failure that left no readable error is taken as out of memory:
 * when even the error object cannot be allocated, QuickJS throws null.
 */
const MEMORY_SLACK = 2 * 1024 * 1024;
/** QuickJS's own allocator limit sits this far below the hard cap, so an out-of-memory
 * exception usually comes from QuickJS (catchable, clean) and the host keeps room to read it. */
const SOFT_LIMIT_HEADROOM = 8 * 1024 * 1024;

/**
 * One step run in a fresh QuickJS module, inside a sandbox worker: the module, its memory,
 * runtime and context are made for this run and dropped after it, whatever happens. Everything
 * the plugin can reach is the context's own intrinsics plus the bridges of its granted
 * permissions, and every bridge reaches the host only as a message.
 */
export class StepRun implements BridgeContext, FailedRun {
  private sandbox: SandboxModule | undefined;
  private runtime!: QuickJSRuntime;
  vm!: VmBoundary;
  private softLimit = Number.POSITIVE_INFINITY;
  interrupted = false;
  private closed = false;
  /** Why the run was stopped from inside (a limit or an engine fault); the interrupt handler then ends it. */
  stopReason: PluginHostError | undefined;
  /** Set when this worker should not run anything else (an engine trap, a host stack overflow). */
  discard = false;

  private readonly calls: HostCalls;
  private readonly budget: RunBudget;

  constructor(
    readonly request: RunRequest,
    private readonly sandboxModule?: SandboxModule,
  ) {
    this.calls = new HostCalls(request.host, request.limits.maxPendingCalls);
    this.budget = new RunBudget(request, (reason) => this.stop(reason));
  }

  /** Runs the step and returns its output as JSON text (before the output schema check). */
  async run(): Promise<string> {
    const { request } = this;
    this.sandbox = this.sandboxModule ?? (await newSandboxModule(request.limits.memoryBytes));
    try {
      this.checkDeadline();
      const ctx = this.setUp();
      const { context } = this.vm;
      const source = moduleSource(request.main, request.files);
      const evaluated = context.evalCode(source, request.main, { type: 'module', strict: true });
      if (evaluated.error) throw new VmException(evaluated.error);
      const namespace = await this.settle(evaluated.value);
      const step = this.vm.call('step', namespace, context.newString(request.stepId));
      if (context.typeof(step) !== 'function') {
        const why = context.typeof(step) === 'string' ? context.getString(step) : 'has no such step';
        throw new PluginHostError(
          'plugin-error',
          `The main module ${request.main} of ${request.pluginId} ${why} "${request.stepId}" (expected export default { steps: { "${request.stepId}": async (input, ctx) => output } }).`,
        );
      }
      const returned = this.vm.call('call', step, this.vm.toVm(request.input), ctx);
      const output = this.copyOut(await this.settle(this.vm.awaitable(returned)));
      if (this.stopReason) throw this.stopReason;
      return output;
    } catch (error) {
      const { failure, discard } = toHostError(this, error);
      this.discard ||= discard;
      throw failure;
    } finally {
      this.close();
    }
  }

  /** Creates the runtime and context, the helpers and the plugin's `ctx`; returns `ctx`. */
  private setUp(): QuickJSHandle {
    const { quickjs, memoryCap } = this.sandbox!;
    const { limits, files } = this.request;
    const runtime = quickjs.newRuntime();
    this.runtime = runtime;
    runtime.setMaxStackSize(limits.maxStackBytes);
    this.softLimit = Math.max(memoryCap - SOFT_LIMIT_HEADROOM, Math.floor(memoryCap / 2));
    runtime.setMemoryLimit(this.softLimit);
    // QuickJS raises an uncatchable error when this returns true: past the deadline, and once
    // the run was stopped from inside (a limit, a fault), nothing the plugin catches goes on.
    runtime.setInterruptHandler(() => {
      if (this.stopReason === undefined && performance.now() < this.request.deadline) return false;
      this.interrupted = true;
      return true;
    });
    installModuleLoader(runtime, files);
    this.vm = new VmBoundary(runtime.newContext(), limits.maxArgumentBytes);
    // Made before any plugin code runs, so nothing the plugin does to prototypes affects it.
    return installBridges(this);
  }

  /**
   * Wraps a bridge implementation as a sandbox function; host failures never escape as is. After
   * the deadline, or once the run was stopped, a bridge does nothing at all. Anything thrown that
   * is not a bridge's own refusal (a trap in the engine, a host RangeError) stops the run as an
   * engine fault: the plugin never gets to catch it and go on with a damaged instance.
   */
  bridgeFunction(operation: string, impl: (handles: QuickJSHandle[]) => QuickJSHandle | undefined): QuickJSHandle {
    const name = operation.split('.').pop()!;
    const { context } = this.vm;
    return context.newFunction(name, (...handles) => {
      try {
        if (this.stopReason || this.closed || performance.now() >= this.request.deadline) {
          return { error: context.null };
        }
        // Returning nothing gives the sandbox undefined without another handle.
        return impl(handles);
      } catch (error) {
        if (!isBridgeFailure(error)) return this.engineFault(operation, error);
        try {
          return { error: this.vm.errorFor(operation, error) };
        } catch (inner) {
          // Making the error failed too (interrupted, out of memory): rethrow what the VM threw.
          if (inner instanceof VmException) return { error: inner.handle };
          return this.engineFault(operation, inner);
        }
      }
    });
  }

  private engineFault(operation: string, error: unknown): { error: QuickJSHandle } {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.stop(
      new PluginHostError(
        'engine-fault',
        `The sandbox of ${this.request.pluginId} faulted during ${operation} (${clip(detail, 200)}); the run was stopped and its sandbox discarded.`,
      ),
    );
    this.discard = true;
    try {
      this.request.host.fault(this.stopReason!.message);
    } catch {
      // The host ends the worker in any case.
    }
    return { error: this.vm.context.null };
  }

  /** Stops the run from inside: the next interrupt check ends it, whatever the plugin catches. */
  private stop(reason: PluginHostError): void {
    this.stopReason ??= reason;
  }

  /** Whether the caller supplied the service behind a bridge. */
  hasService(name: ServiceName): boolean {
    return this.request.host.services.has(name);
  }

  countServiceCall(operation: string): void {
    this.budget.countServiceCall(operation);
  }

  refused(event: AuditEvent): void {
    this.budget.refused(event);
  }

  /** Starts an awaited host call and returns the sandbox promise for its result. */
  startCall<T>(
    event: AuditEvent,
    operation: ServiceOperation,
    args: JsonValue[],
    toSandbox: (value: T) => JsonValue | undefined,
  ): QuickJSHandle {
    return this.calls.start(this.vm, { event, operation, args }, toSandbox, (error) =>
      this.vm.errorFor(event.operation, error),
    );
  }

  /** Refuses a new host call while the most allowed are in progress. */
  assertCapacity(): void {
    this.calls.assertCapacity();
  }

  /** Serializes a service result for the sandbox, bounded in UTF-8 bytes. */
  resultJson(value: unknown, what: string): JsonValue | undefined {
    if (value === undefined) return undefined;
    const text = stringifyBoundaryJson(value, what, this.request.limits.maxResponseBytes);
    return JSON.parse(text) as JsonValue;
  }

  /** Drives the sandbox until `promise` settles: its jobs, and the host calls it awaits. */
  private async settle(promise: QuickJSHandle): Promise<QuickJSHandle> {
    for (;;) {
      this.checkDeadline();
      this.calls.drain();
      this.checkDeadline();
      const state = this.vm.context.getPromiseState(promise);
      if (state.type === 'fulfilled') return state.value;
      if (state.type === 'rejected') throw new VmException(state.error);
      if (this.runtime.hasPendingJob()) {
        const jobs = this.runtime.executePendingJobs(JOB_BATCH);
        if (jobs.error) throw new VmException(jobs.error);
        continue;
      }
      if (this.calls.waiting) {
        await this.calls.wait(this.request.deadline);
        continue;
      }
      throw new PluginHostError(
        'plugin-error',
        `The step "${this.request.stepId}" of ${this.request.pluginId} waits for a promise that can never settle (nothing is left to run or wait for).`,
      );
    }
  }

  private checkDeadline(): void {
    if (this.stopReason) throw this.stopReason;
    if (performance.now() >= this.request.deadline) {
      this.interrupted = true;
      throw timeoutError(this.request);
    }
  }

  get memoryCap(): number | undefined {
    return this.sandbox?.memoryCap;
  }

  nearMemoryCap(): boolean {
    const { sandbox } = this;
    if (!sandbox) return false;
    return sandbox.memory.buffer.byteLength + MEMORY_SLACK >= Math.min(this.softLimit, sandbox.memoryCap);
  }

  denialOf(handle: QuickJSHandle): string | undefined {
    return this.vm?.denialOf(handle);
  }

  private copyOut(handle: QuickJSHandle): string {
    try {
      return this.vm.output(handle, this.request.stepId, this.request.limits.maxOutputBytes);
    } catch (error) {
      if (!(error instanceof VmException) || this.interrupted) throw error;
      const failure = fromVmException(this, error.handle);
      if (failure.code !== 'plugin-error') throw failure;
      throw new PluginHostError(
        'invalid-output',
        `The output of "${this.request.stepId}" is not JSON data: ${failure.message}`,
      );
    }
  }

  /** Ends the run: late host results are dropped and nothing of this QuickJS instance is reused. */
  private close(): void {
    this.closed = true;
    this.calls.close();
    // Disposing a runtime after an interrupted or out-of-memory run can trip QuickJS assertions;
    // the whole module (its memory included) is dropped instead, which frees everything at once.
    this.vm?.clear();
  }

  /** For bridges: the permissions of this run. */
  get permissions(): EffectivePermissions {
    return this.request.permissions;
  }

  /** `ctx.log`: at most `maxLogLines` lines, each cut to MAX_LOG_LINE_BYTES in the sandbox before it is copied. */
  log(handles: QuickJSHandle[]): void {
    if (!this.budget.takeLogLine()) return;
    const { context } = this.vm;
    const args = context.newArray();
    handles.forEach((handle, index) => context.setProp(args, index, handle));
    const line = this.vm.call('logLine', args, context.newNumber(MAX_LOG_LINE_BYTES));
    const text = context.typeof(line) === 'string' ? context.getString(line) : '';
    this.request.host.log({ level: 'info', message: clipBytes(clip(text, MAX_LOG_LINE_BYTES), MAX_LOG_LINE_BYTES) });
  }

  /** `ctx.log` calls past the line limit, counted only. */
  get logsDropped(): number {
    return this.budget.logsDropped;
  }

  /** The error code of a stop from inside, if any (for the worker's report). */
  get stopCode(): HostErrorCode | undefined {
    return this.stopReason?.code;
  }
}
