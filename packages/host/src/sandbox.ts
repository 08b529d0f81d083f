import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten-core';
import { newSandboxModule, type SandboxModule } from './engine.js';
import { BridgeArgumentError, BridgeDenied, BridgeError, PluginHostError, type HostErrorCode } from './errors.js';
import {
  JsonBoundaryError,
  parseBoundaryJson,
  stringifyBoundaryJson,
  formatSize,
  utf8Length,
  type JsonValue,
} from './json.js';
import { MAX_LOG_LINE_BYTES, MAX_MESSAGE_CHARS, type SandboxLimits } from './limits.js';
import { ModuleResolutionError, moduleSource, resolveImport } from './modules.js';
import type { EffectivePermissions } from './permissions.js';
import type { CallOutcome, ServiceName, ServiceOperation } from './protocol.js';
import type { AuditEvent, LogEntry } from './services.js';
import { installBridges } from './bridges.js';
import { wasmApi } from './wasm.js';

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
 * Helpers evaluated in each fresh context before any plugin code, closing over the original
 * intrinsics. The plugin never gets a reference to them; what it changes later (globals,
 * prototypes) can only affect its own values, which reach the host as JSON text or strings.
 */
const HELPERS = `(() => {
  'use strict';
  const P = Promise;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const S = String;
  const freeze = Object.freeze;
  const slice = Function.prototype.call.bind(String.prototype.slice);
  const isArray = Array.isArray;
  const hasOwn = Function.prototype.call.bind(Object.prototype.hasOwnProperty);
  const errors = { Error, TypeError };
  return freeze({
    encodeArgs: (...values) => stringify(values),
    encode: (value) => stringify(value),
    decode: (text) => parse(text),
    freeze,
    error: (name, message) => {
      const C = hasOwn(errors, name) ? errors[name] : Error;
      const e = new C(message);
      if (C === Error && name !== 'Error') e.name = name;
      return e;
    },
    defer: () => {
      let resolve;
      let reject;
      const promise = new P((a, b) => { resolve = a; reject = b; });
      return [promise, resolve, reject];
    },
    call: (fn, input, ctx) => fn(input, ctx),
    thenable: (value) => value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function',
    resolve: (value) => new P((resolve) => resolve(value)),
    step: (ns, id) => {
      const main = ns.default;
      if (main === null || (typeof main !== 'object' && typeof main !== 'function')) return 'has no default export';
      const steps = main.steps;
      if (steps === null || (typeof steps !== 'object' && typeof steps !== 'function')) return 'has no "steps" object in its default export';
      if (!hasOwn(steps, id)) return 'does not define the step';
      const fn = steps[id];
      return typeof fn === 'function' ? fn : 'defines the step as something other than a function';
    },
    describe: (e) => {
      let name = '';
      let message = '';
      try {
        if (e !== null && (typeof e === 'object' || typeof e === 'function')) {
          const n = e.name;
          if (typeof n === 'string') name = n;
          const m = e.message;
          message = typeof m === 'string' ? m : m === undefined ? S(e) : S(m);
        } else {
          message = S(e);
        }
      } catch {
        message = '';
      }
      return stringify([slice(S(name), 0, 100), slice(S(message), 0, ${MAX_MESSAGE_CHARS + 1})]);
    },
    logLine: (args, max) => {
      let line = '';
      for (let i = 0; i < args.length && line.length <= max; i += 1) {
        const a = args[i];
        let text;
        if (typeof a === 'string') text = a;
        else {
          try {
            text = stringify(a);
          } catch {
            text = undefined;
          }
          if (typeof text !== 'string') text = isArray(a) ? '[array]' : typeof a === 'object' && a !== null ? '[object]' : S(typeof a === 'symbol' ? 'symbol' : a);
        }
        line += (i === 0 ? '' : ' ') + slice(text, 0, max + 1);
      }
      return slice(line, 0, max + 1);
    },
    stringLength: (value) => value.length,
  });
})()`;

const HELPER_NAMES = [
  'encodeArgs',
  'encode',
  'decode',
  'freeze',
  'error',
  'defer',
  'call',
  'thenable',
  'resolve',
  'step',
  'describe',
  'logLine',
  'stringLength',
] as const;

type HelperName = (typeof HELPER_NAMES)[number];

/** A VM exception, caught while the host was calling into the VM. */
class VmException {
  constructor(readonly handle: QuickJSHandle) {}
}

/** Bridge failures the plugin is meant to see; anything else thrown in a bridge is an engine fault. */
function isBridgeFailure(error: unknown): boolean {
  return (
    error instanceof VmException ||
    error instanceof BridgeDenied ||
    error instanceof BridgeArgumentError ||
    error instanceof JsonBoundaryError ||
    error instanceof BridgeError
  );
}

function clip(text: string, max = MAX_MESSAGE_CHARS): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, marked with … when cut. */
export function clipBytes(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  const buffer = Buffer.from(text, 'utf8').subarray(0, maxBytes - 3);
  // A cut inside a multi-byte sequence decodes to U+FFFD; drop it.
  return `${buffer.toString('utf8').replace(/\uFFFD$/, '')}…`;
}

/**
 * One step run in a fresh QuickJS module, inside a sandbox worker: the module, its memory,
 * runtime and context are made for this run and dropped after it, whatever happens. Everything
 * the plugin can reach is the context's own intrinsics plus the bridges of its granted
 * permissions, and every bridge reaches the host only as a message.
 */
export class StepRun {
  private sandbox!: SandboxModule;
  private runtime!: QuickJSRuntime;
  context!: QuickJSContext;
  private helpers = new Map<HelperName, QuickJSHandle>();
  private softLimit = Number.POSITIVE_INFINITY;
  private interrupted = false;
  private closed = false;
  private pending = 0;
  private completions: Array<() => void> = [];
  private wake: (() => void) | undefined;
  private readonly denied: Array<{ handle: QuickJSHandle; message: string }> = [];
  private logLines = 0;
  /** `ctx.log` calls past the line limit, counted only. */
  logsDropped = 0;
  private serviceCalls = 0;
  private refusedCalls = 0;
  /** Why the run was stopped from inside (a limit or an engine fault); the interrupt handler then ends it. */
  private stopped: PluginHostError | undefined;
  /** Set when this worker should not run anything else (an engine trap, a host stack overflow). */
  discard = false;

  constructor(
    readonly request: RunRequest,
    private readonly sandboxModule?: SandboxModule,
  ) {}

  /** Runs the step and returns its output as JSON text (before the output schema check). */
  async run(): Promise<string> {
    const { request } = this;
    this.sandbox = this.sandboxModule ?? (await newSandboxModule(request.limits.memoryBytes));
    try {
      this.checkDeadline();
      const ctx = this.setUp();
      const source = moduleSource(request.main, request.files);
      const evaluated = this.context.evalCode(source, request.main, { type: 'module', strict: true });
      if (evaluated.error) throw new VmException(evaluated.error);
      const namespace = await this.settle(evaluated.value);
      const step = this.callVm('step', namespace, this.context.newString(request.stepId));
      if (this.context.typeof(step) !== 'function') {
        const why = this.context.typeof(step) === 'string' ? this.context.getString(step) : 'has no such step';
        throw new PluginHostError(
          'plugin-error',
          `The main module ${request.main} of ${request.pluginId} ${why} "${request.stepId}" (expected export default { steps: { "${request.stepId}": async (input, ctx) => output } }).`,
        );
      }
      const returned = this.callVm('call', step, this.toVm(request.input), ctx);
      const output = this.copyOut(await this.settle(this.awaitable(returned)));
      if (this.stopped) throw this.stopped;
      return output;
    } catch (error) {
      const failure = this.toHostError(error);
      if (failure.code === 'engine-fault') this.discard = true;
      throw failure;
    } finally {
      this.close();
    }
  }

  /** Creates the runtime and context, the helpers and the plugin's `ctx`; returns `ctx`. */
  private setUp(): QuickJSHandle {
    const { quickjs, memoryCap } = this.sandbox;
    const { limits, files } = this.request;
    const runtime = quickjs.newRuntime();
    this.runtime = runtime;
    runtime.setMaxStackSize(limits.maxStackBytes);
    this.softLimit = Math.max(memoryCap - SOFT_LIMIT_HEADROOM, Math.floor(memoryCap / 2));
    runtime.setMemoryLimit(this.softLimit);
    // QuickJS raises an uncatchable error when this returns true: past the deadline, and once
    // the run was stopped from inside (a limit, a fault), nothing the plugin catches goes on.
    runtime.setInterruptHandler(() => {
      if (this.stopped === undefined && performance.now() < this.request.deadline) return false;
      this.interrupted = true;
      return true;
    });
    // A normalizer failure is not reported reliably by the engine, so a refused import resolves
    // to a name no package file can have (entry names cannot contain ":") and the loader refuses
    // that name with the reason.
    const refusals = new Map<string, string>();
    runtime.setModuleLoader(
      (name) => {
        const refusal = refusals.get(name);
        if (refusal !== undefined) return { error: new ModuleResolutionError(refusal) };
        try {
          return moduleSource(name, files);
        } catch (error) {
          return { error: error as Error };
        }
      },
      (base, requested) => {
        try {
          return resolveImport(base, requested, files);
        } catch (error) {
          const name = `refused:${refusals.size}`;
          refusals.set(name, (error as Error).message);
          return name;
        }
      },
    );
    this.context = runtime.newContext();
    const helpers = this.context.evalCode(HELPERS, '<host>', { type: 'global', strict: true });
    if (helpers.error) throw new VmException(helpers.error);
    for (const name of HELPER_NAMES) this.helpers.set(name, this.context.getProp(helpers.value, name));
    // Made before any plugin code runs, so nothing the plugin does to prototypes affects it.
    return installBridges(this);
  }

  /** Calls a helper; a VM exception becomes a VmException. */
  callVm(name: HelperName, ...args: QuickJSHandle[]): QuickJSHandle {
    const result = this.context.callFunction(this.helpers.get(name)!, this.context.undefined, ...args);
    if (result.error) throw new VmException(result.error);
    return result.value;
  }

  /** JSON data into the sandbox, as fresh sandbox values. */
  toVm(value: JsonValue | undefined): QuickJSHandle {
    const { context } = this;
    if (value === undefined) return context.undefined;
    if (value === null) return context.null;
    if (typeof value === 'string') return context.newString(value);
    if (typeof value === 'number') return context.newNumber(value);
    if (typeof value === 'boolean') return value ? context.true : context.false;
    return this.callVm('decode', context.newString(JSON.stringify(value)));
  }

  /**
   * A sandbox string copied to the host only if it can fit in `maxBytes` of UTF-8: its length in
   * UTF-16 code units is read first (a UTF-8 encoding is never shorter), so an oversized string
   * is refused without being copied; what is copied is then measured in bytes.
   */
  private boundedString(handle: QuickJSHandle, maxBytes: number, refuse: () => Error): string {
    const units = this.context.getNumber(this.callVm('stringLength', handle));
    if (!(units <= maxBytes)) throw refuse();
    const text = this.context.getString(handle);
    if (utf8Length(text) > maxBytes) throw refuse();
    return text;
  }

  /**
   * Copies bridge arguments out of the sandbox once: strings and numbers directly, anything
   * else through one JSON.stringify in the sandbox (getters, toJSON and proxies run there,
   * exactly once), parsed on the host into fresh plain data. Sizes are UTF-8 bytes.
   */
  copyArgs(operation: string, handles: QuickJSHandle[]): JsonValue[] {
    const { context } = this;
    const max = this.request.limits.maxArgumentBytes;
    const tooLarge = () =>
      new BridgeArgumentError(`${operation}: the arguments are larger than ${formatSize(max)} of UTF-8.`);
    const direct: JsonValue[] = [];
    let size = 0;
    for (const handle of handles) {
      const type = context.typeof(handle);
      if (type === 'string') {
        const text = this.boundedString(handle, max - size, tooLarge);
        size += utf8Length(text);
        direct.push(text);
      } else if (type === 'number') {
        const n = context.getNumber(handle);
        direct.push(Number.isFinite(n) ? n : null);
      } else {
        break;
      }
    }
    if (direct.length === handles.length) return direct;
    const encoded = this.callVm('encodeArgs', ...handles);
    if (context.typeof(encoded) !== 'string')
      throw new BridgeArgumentError(`${operation}: the arguments are not JSON data.`);
    const text = this.boundedString(encoded, max, tooLarge);
    let args: JsonValue;
    try {
      args = parseBoundaryJson(text, `The arguments of ${operation}`);
    } catch (error) {
      throw new BridgeArgumentError((error as Error).message);
    }
    // An Array.prototype.toJSON set by the plugin could turn the list into something else.
    if (!Array.isArray(args)) throw new BridgeArgumentError(`${operation}: the arguments are not JSON data.`);
    return args;
  }

  /** An error value made in the sandbox with a message only. */
  sandboxError(name: 'Error' | 'TypeError' | 'PermissionDeniedError', message: string): QuickJSHandle {
    return this.callVm('error', this.context.newString(name), this.context.newString(clip(message)));
  }

  /** What a bridge throws into the sandbox for a host-side failure. */
  errorForSandbox(operation: string, error: unknown): QuickJSHandle {
    if (error instanceof VmException) return error.handle;
    if (error instanceof BridgeDenied) {
      const handle = this.sandboxError('PermissionDeniedError', error.message);
      this.denied.push({ handle: handle.dup(), message: error.message });
      return handle;
    }
    if (error instanceof BridgeArgumentError || error instanceof JsonBoundaryError) {
      return this.sandboxError('TypeError', error.message);
    }
    if (error instanceof BridgeError) return this.sandboxError('Error', error.message);
    return this.sandboxError('Error', `The host could not complete ${operation}.`);
  }

  /**
   * Wraps a bridge implementation as a sandbox function; host failures never escape as is. After
   * the deadline, or once the run was stopped, a bridge does nothing at all. Anything thrown that
   * is not a bridge's own refusal (a trap in the engine, a host RangeError) stops the run as an
   * engine fault: the plugin never gets to catch it and go on with a damaged instance.
   */
  bridgeFunction(operation: string, impl: (handles: QuickJSHandle[]) => QuickJSHandle | undefined): QuickJSHandle {
    const name = operation.split('.').pop()!;
    return this.context.newFunction(name, (...handles) => {
      try {
        if (this.stopped || this.closed || performance.now() >= this.request.deadline) {
          return { error: this.context.null };
        }
        // Returning nothing gives the sandbox undefined without another handle.
        return impl(handles);
      } catch (error) {
        if (!isBridgeFailure(error)) return this.engineFault(operation, error);
        try {
          return { error: this.errorForSandbox(operation, error) };
        } catch (inner) {
          // Making the error failed too (interrupted, out of memory): rethrow what the VM threw.
          if (inner instanceof VmException) return { error: inner.handle };
          return this.engineFault(operation, inner);
        }
      }
    });
  }

  /** A bridge whose arguments are copied out as JSON data first. */
  bridgeWithArgs(operation: string, impl: (args: JsonValue[]) => QuickJSHandle | undefined): QuickJSHandle {
    return this.bridgeFunction(operation, (handles) => impl(this.copyArgs(operation, handles)));
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
      this.request.host.fault(this.stopped!.message);
    } catch {
      // The host ends the worker in any case.
    }
    return { error: this.context.null };
  }

  /** Stops the run from inside: the next interrupt check ends it, whatever the plugin catches. */
  private stop(reason: PluginHostError): void {
    this.stopped ??= reason;
  }

  /** Makes a frozen sandbox object holding the given values. */
  newNamespace(members: Record<string, QuickJSHandle>): QuickJSHandle {
    const object = this.context.newObject();
    for (const [key, value] of Object.entries(members)) {
      this.context.defineProp(object, key, { value, enumerable: true });
    }
    return this.callVm('freeze', object);
  }

  /** Whether the caller supplied the service behind a bridge. */
  hasService(name: ServiceName): boolean {
    return this.request.host.services.has(name);
  }

  /** Counts a call that is about to reach a service; past the limit the run is stopped. */
  countServiceCall(operation: string): void {
    const { maxServiceCalls } = this.request.limits;
    this.serviceCalls += 1;
    if (this.serviceCalls > maxServiceCalls) {
      this.stop(
        new PluginHostError(
          'call-limit',
          `The step "${this.request.stepId}" of ${this.request.pluginId} made more than ${maxServiceCalls} service calls (the last was ${operation}) and was stopped.`,
        ),
      );
      throw new BridgeError(`More than ${maxServiceCalls} service calls in one run.`);
    }
  }

  /** Reports a refused bridge call; a run refused more often than allowed is stopped as abusive. */
  refused(event: AuditEvent): void {
    const { maxRefusedCalls } = this.request.limits;
    this.refusedCalls += 1;
    if (this.refusedCalls <= maxRefusedCalls + 1) this.request.host.refused(event);
    if (this.refusedCalls > maxRefusedCalls) {
      this.stop(
        new PluginHostError(
          'call-limit',
          `The step "${this.request.stepId}" of ${this.request.pluginId} was refused more than ${maxRefusedCalls} host calls (the last: ${event.operation}) and was stopped as abusive.`,
        ),
      );
    }
  }

  /**
   * Starts an awaited host call and returns the sandbox promise for its result. The host runs
   * the service (after auditing it and checking its own deadline); its result (or a sanitized
   * error) is handed to the sandbox by the run loop.
   */
  startCall<T>(
    event: AuditEvent,
    operation: ServiceOperation,
    args: JsonValue[],
    toSandbox: (value: T) => JsonValue | undefined,
  ): QuickJSHandle {
    this.assertCapacity();
    const trio = this.callVm('defer');
    const promise = this.context.getProp(trio, 0);
    const resolve = this.context.getProp(trio, 1);
    const reject = this.context.getProp(trio, 2);
    this.pending += 1;
    const settle = (outcome: () => { value: QuickJSHandle } | { error: QuickJSHandle }) => {
      this.pending -= 1;
      if (this.closed) return;
      this.completions.push(() => {
        const result = outcome();
        const fn = 'error' in result ? reject : resolve;
        const called = this.context.callFunction(
          fn,
          this.context.undefined,
          'error' in result ? result.error : result.value,
        );
        if (called.error) throw new VmException(called.error);
      });
      this.wake?.();
    };
    const failed = (error: unknown) => ({ error: this.errorForSandbox(event.operation, error) });
    this.request.host.call(operation, args, event).then(
      (outcome) =>
        settle(() => {
          if (!outcome.ok) {
            const error =
              outcome.kind === 'bridge'
                ? new BridgeError(outcome.message)
                : outcome.kind === 'denied'
                  ? new BridgeDenied(outcome.message, outcome.detail)
                  : undefined;
            return failed(error);
          }
          let json: JsonValue | undefined;
          try {
            const value = outcome.json === undefined ? undefined : (JSON.parse(outcome.json) as T);
            json = toSandbox(value as T);
          } catch (error) {
            return failed(error instanceof BridgeError || error instanceof JsonBoundaryError ? error : undefined);
          }
          return { value: this.toVm(json) };
        }),
      () => settle(() => failed(undefined)),
    );
    return promise;
  }

  /** Refuses a new host call while the most allowed are in progress. */
  assertCapacity(): void {
    const { maxPendingCalls } = this.request.limits;
    if (this.pending >= maxPendingCalls) {
      throw new BridgeError(
        `Too many host calls in progress (at most ${maxPendingCalls}); await some before starting more.`,
      );
    }
  }

  /** Serializes a service result for the sandbox, bounded in UTF-8 bytes. */
  resultJson(value: unknown, what: string): JsonValue | undefined {
    if (value === undefined) return undefined;
    const text = stringifyBoundaryJson(value, what, this.request.limits.maxResponseBytes);
    return JSON.parse(text) as JsonValue;
  }

  /**
   * What to wait for: a promise the step returned is polled as it is (its state is read from
   * the engine, so nothing the plugin did to Promise, `then` or species is involved); any other
   * thenable is adopted by a fresh promise; a plain value is the result.
   */
  private awaitable(returned: QuickJSHandle): QuickJSHandle {
    const state = this.context.getPromiseState(returned);
    if (state.type !== 'fulfilled' || !state.notAPromise) return returned;
    const thenable = this.callVm('thenable', returned);
    return this.context.typeof(thenable) === 'boolean' && this.context.dump(thenable) === true
      ? this.callVm('resolve', returned)
      : returned;
  }

  /** Drives the sandbox until `promise` settles: its jobs, and the host calls it awaits. */
  private async settle(promise: QuickJSHandle): Promise<QuickJSHandle> {
    for (;;) {
      this.checkDeadline();
      while (this.completions.length > 0) this.completions.shift()!();
      this.checkDeadline();
      const state = this.context.getPromiseState(promise);
      if (state.type === 'fulfilled') return state.value;
      if (state.type === 'rejected') throw new VmException(state.error);
      if (this.runtime.hasPendingJob()) {
        const jobs = this.runtime.executePendingJobs(JOB_BATCH);
        if (jobs.error) throw new VmException(jobs.error);
        continue;
      }
      if (this.pending > 0) {
        await this.waitForHost();
        continue;
      }
      throw new PluginHostError(
        'plugin-error',
        `The step "${this.request.stepId}" of ${this.request.pluginId} waits for a promise that can never settle (nothing is left to run or wait for).`,
      );
    }
  }

  private waitForHost(): Promise<void> {
    const remaining = this.request.deadline - performance.now();
    if (remaining <= 0 || this.completions.length > 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.ceil(remaining));
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  private checkDeadline(): void {
    if (this.stopped) throw this.stopped;
    if (performance.now() >= this.request.deadline) {
      this.interrupted = true;
      throw this.timeout();
    }
  }

  private timeout(): PluginHostError {
    const { stepId, pluginId, limits } = this.request;
    return new PluginHostError(
      'timeout',
      `The step "${stepId}" of ${pluginId} did not finish within ${limits.timeoutMs} ms and was stopped.`,
    );
  }

  private outOfMemory(): PluginHostError {
    const { stepId, pluginId } = this.request;
    return new PluginHostError(
      'out-of-memory',
      `The step "${stepId}" of ${pluginId} used more than its ${formatSize(this.sandbox.memoryCap)} of memory and was stopped.`,
    );
  }

  private nearMemoryCap(): boolean {
    return this.sandbox.memory.buffer.byteLength + MEMORY_SLACK >= Math.min(this.softLimit, this.sandbox.memoryCap);
  }

  private copyOut(handle: QuickJSHandle): string {
    const { context } = this;
    const { stepId, limits } = this.request;
    let encoded: QuickJSHandle;
    try {
      encoded = this.callVm('encode', handle);
    } catch (error) {
      if (!(error instanceof VmException) || this.interrupted) throw error;
      const failure = this.fromVmException(error.handle);
      if (failure.code !== 'plugin-error') throw failure;
      throw new PluginHostError('invalid-output', `The output of "${stepId}" is not JSON data: ${failure.message}`);
    }
    if (context.typeof(encoded) !== 'string') {
      throw new PluginHostError(
        'invalid-output',
        `The step "${stepId}" returned no JSON value (undefined or a function).`,
      );
    }
    const text = this.boundedString(
      encoded,
      limits.maxOutputBytes,
      () =>
        new PluginHostError(
          'invalid-output',
          `The output of "${stepId}" is larger than ${formatSize(limits.maxOutputBytes)} of UTF-8 as JSON.`,
        ),
    );
    try {
      parseBoundaryJson(text, `The output of "${stepId}"`);
    } catch (error) {
      throw new PluginHostError('invalid-output', (error as Error).message);
    }
    return text;
  }

  /** Classifies a value the sandbox threw. */
  private fromVmException(handle: QuickJSHandle): PluginHostError {
    if (this.stopped) return this.stopped;
    if (this.interrupted || performance.now() >= this.request.deadline) return this.timeout();
    const denial = this.denied.find((d) => this.context.sameValue(d.handle, handle));
    if (denial) return new PluginHostError('permission-denied', denial.message);
    let described: [string, string] | undefined;
    try {
      const text = this.callVm('describe', handle);
      if (this.context.typeof(text) === 'string')
        described = JSON.parse(this.context.getString(text)) as [string, string];
    } catch {
      described = undefined;
    }
    if (this.stopped) return this.stopped;
    if (this.interrupted) return this.timeout();
    if (!described) {
      return this.nearMemoryCap()
        ? this.outOfMemory()
        : new PluginHostError('plugin-error', `The plugin ${this.request.pluginId} threw a value that cannot be read.`);
    }
    const [name, message] = described;
    if (name === 'InternalError' && message === 'out of memory') return this.outOfMemory();
    if (this.context.typeof(handle) === 'object' && name === '' && message === 'null' && this.nearMemoryCap()) {
      return this.outOfMemory();
    }
    const shown = name && name.length <= 40 && !message.startsWith(name) ? `${name}: ${message}` : message;
    return new PluginHostError('plugin-error', clip(shown || 'The plugin threw an error without a message.'));
  }

  private toHostError(error: unknown): PluginHostError {
    if (this.stopped) return this.stopped;
    if (error instanceof PluginHostError) return error;
    if (error instanceof VmException) return this.fromVmException(error.handle);
    if (error instanceof ModuleResolutionError) return new PluginHostError('plugin-error', error.message);
    if (this.interrupted || performance.now() >= this.request.deadline) return this.timeout();
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      this.discard = true;
      return new PluginHostError(
        'plugin-error',
        `The plugin ${this.request.pluginId} recursed too deeply (maximum call stack size exceeded).`,
      );
    }
    if (this.sandbox && this.nearMemoryCap()) {
      this.discard = true;
      return this.outOfMemory();
    }
    const detail =
      error instanceof wasmApi.RuntimeError || error instanceof wasmApi.LinkError || error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
    if (/OOM|out of memory/i.test(detail)) {
      this.discard = true;
      return this.outOfMemory();
    }
    return new PluginHostError(
      'engine-fault',
      `The sandbox of ${this.request.pluginId} stopped on an internal fault (${clip(detail, 200)}); it was discarded.`,
    );
  }

  /** Ends the run: late host results are dropped and nothing of this QuickJS instance is reused. */
  private close(): void {
    this.closed = true;
    this.completions = [];
    this.wake?.();
    // Disposing a runtime after an interrupted or out-of-memory run can trip QuickJS assertions;
    // the whole module (its memory included) is dropped instead, which frees everything at once.
    this.helpers.clear();
    this.denied.length = 0;
  }

  /** For bridges: the permissions of this run. */
  get permissions(): EffectivePermissions {
    return this.request.permissions;
  }

  /** `ctx.log`: at most `maxLogLines` lines, each cut to MAX_LOG_LINE_BYTES in the sandbox before it is copied. */
  log(handles: QuickJSHandle[]): void {
    if (this.logLines >= this.request.limits.maxLogLines) {
      this.logsDropped += 1;
      return;
    }
    this.logLines += 1;
    const args = this.context.newArray();
    handles.forEach((handle, index) => this.context.setProp(args, index, handle));
    const line = this.callVm('logLine', args, this.context.newNumber(MAX_LOG_LINE_BYTES));
    const text = this.context.typeof(line) === 'string' ? this.context.getString(line) : '';
    this.request.host.log({ level: 'info', message: clipBytes(clip(text, MAX_LOG_LINE_BYTES), MAX_LOG_LINE_BYTES) });
  }

  /** The error code of a stop from inside, if any (for the worker's report). */
  get stopCode(): HostErrorCode | undefined {
    return this.stopped?.code;
  }
}
