import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten-core';
import { newSandboxModule, type SandboxModule } from './engine.js';
import { BridgeArgumentError, BridgeDenied, BridgeError, PluginHostError } from './errors.js';
import { JsonBoundaryError, parseBoundaryJson, stringifyBoundaryJson, formatSize, type JsonValue } from './json.js';
import { MAX_LOG_LINE_CHARS, MAX_MESSAGE_CHARS, type SandboxLimits } from './limits.js';
import { ModuleResolutionError, moduleSource, resolveImport } from './modules.js';
import type { EffectivePermissions } from './permissions.js';
import type { AuditEvent, AuditSink, HostServices, ServiceCall } from './services.js';
import { installBridges } from './bridges.js';
import { wasmApi } from './wasm.js';

export interface RunRequest {
  pluginId: string;
  files: ReadonlyMap<string, Uint8Array>;
  main: string;
  stepId: string;
  /** Already validated against the step's input schema. */
  input: JsonValue;
  permissions: EffectivePermissions;
  services: HostServices;
  audit: AuditSink;
  /** Receives the real error when a service fails (the plugin only sees a generic message). */
  onServiceError?: (error: unknown, event: AuditEvent) => void;
  limits: SandboxLimits & { timeoutMs: number };
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
      return stringify([S(name), S(message)]);
    },
  });
})()`;

type HelperName =
  | 'encodeArgs'
  | 'encode'
  | 'decode'
  | 'freeze'
  | 'error'
  | 'defer'
  | 'call'
  | 'thenable'
  | 'resolve'
  | 'step'
  | 'describe';

/** A VM exception, caught while the host was calling into the VM. */
class VmException {
  constructor(readonly handle: QuickJSHandle) {}
}

function clip(text: string, max = MAX_MESSAGE_CHARS): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/**
 * One step run in a fresh QuickJS module: the module, its memory, runtime and context are made
 * for this run and dropped after it, whatever happens. Everything the plugin can reach is the
 * context's own intrinsics plus the bridges of its granted permissions.
 */
export class StepRun {
  private sandbox!: SandboxModule;
  private runtime!: QuickJSRuntime;
  context!: QuickJSContext;
  private helpers = new Map<HelperName, QuickJSHandle>();
  private softLimit = Number.POSITIVE_INFINITY;
  private deadline = Number.POSITIVE_INFINITY;
  private interrupted = false;
  private closed = false;
  private pending = 0;
  private completions: Array<() => void> = [];
  private wake: (() => void) | undefined;
  /** Made with the first service call; aborted when the run ends. */
  private abort: AbortController | undefined;
  private readonly denied: Array<{ handle: QuickJSHandle; message: string }> = [];
  private logLines = 0;

  constructor(readonly request: RunRequest) {}

  /** Runs the step and returns its output (JSON data, before the output schema check). */
  async run(): Promise<JsonValue> {
    const { request } = this;
    this.sandbox = await newSandboxModule(request.limits.memoryBytes);
    try {
      this.deadline = performance.now() + request.limits.timeoutMs;
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
      return this.copyOut(await this.settle(this.awaitable(returned)));
    } catch (error) {
      throw this.toHostError(error);
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
    runtime.setInterruptHandler(() => {
      if (performance.now() < this.deadline) return false;
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
    for (const name of [
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
    ] as const) {
      this.helpers.set(name, this.context.getProp(helpers.value, name));
    }
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
   * Copies bridge arguments out of the sandbox once: strings and numbers directly, anything
   * else through one JSON.stringify in the sandbox (getters, toJSON and proxies run there,
   * exactly once), parsed on the host into fresh plain data.
   */
  copyArgs(operation: string, handles: QuickJSHandle[]): JsonValue[] {
    const { context } = this;
    const max = this.request.limits.maxArgumentBytes;
    const direct: JsonValue[] = [];
    let size = 0;
    for (const handle of handles) {
      const type = context.typeof(handle);
      if (type === 'string') {
        const text = context.getString(handle);
        size += text.length;
        direct.push(text);
      } else if (type === 'number') {
        const n = context.getNumber(handle);
        direct.push(Number.isFinite(n) ? n : null);
      } else {
        break;
      }
      if (size > max) throw new BridgeArgumentError(`${operation}: the arguments are larger than ${formatSize(max)}.`);
    }
    if (direct.length === handles.length) return direct;
    const encoded = this.callVm('encodeArgs', ...handles);
    if (context.typeof(encoded) !== 'string')
      throw new BridgeArgumentError(`${operation}: the arguments are not JSON data.`);
    const text = context.getString(encoded);
    if (text.length > max)
      throw new BridgeArgumentError(`${operation}: the arguments are larger than ${formatSize(max)}.`);
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

  /** Wraps a bridge implementation as a sandbox function; host failures never escape as is. */
  bridgeFunction(operation: string, impl: (args: JsonValue[]) => QuickJSHandle | undefined): QuickJSHandle {
    const name = operation.split('.').pop()!;
    return this.context.newFunction(name, (...handles) => {
      try {
        // Returning nothing gives the sandbox undefined without another handle.
        return impl(this.copyArgs(operation, handles));
      } catch (error) {
        try {
          return { error: this.errorForSandbox(operation, error) };
        } catch (inner) {
          // Making the error failed too (interrupted, out of memory): rethrow what the VM threw.
          if (inner instanceof VmException) return { error: inner.handle };
          throw inner;
        }
      }
    });
  }

  /** Makes a frozen sandbox object holding the given values. */
  newNamespace(members: Record<string, QuickJSHandle>): QuickJSHandle {
    const object = this.context.newObject();
    for (const [key, value] of Object.entries(members)) {
      this.context.defineProp(object, key, { value, enumerable: true });
    }
    return this.callVm('freeze', object);
  }

  /**
   * Starts an awaited host call and returns the sandbox promise for its result. The service runs
   * on the host; its result (or a sanitized error) is handed to the sandbox by the run loop.
   */
  startCall<T>(
    event: AuditEvent,
    operation: (call: ServiceCall) => Promise<T>,
    toSandbox: (value: T) => JsonValue | undefined,
  ): QuickJSHandle {
    this.assertCapacity();
    const trio = this.callVm('defer');
    const promise = this.context.getProp(trio, 0);
    const resolve = this.context.getProp(trio, 1);
    const reject = this.context.getProp(trio, 2);
    this.pending += 1;
    let started: Promise<T>;
    try {
      this.abort ??= new AbortController();
      started = Promise.resolve(operation({ signal: this.abort.signal }));
    } catch (error) {
      started = Promise.reject(error);
    }
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
    const failed = (error: unknown) => ({
      error: this.errorForSandbox(event.operation, this.reportServiceError(error, event)),
    });
    started.then(
      (value) =>
        settle(() => {
          let json: JsonValue | undefined;
          try {
            json = toSandbox(value);
          } catch (error) {
            return failed(error);
          }
          return { value: this.toVm(json) };
        }),
      (error: unknown) => settle(() => failed(error)),
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

  /** Hands a service failure to the caller; returns what the sandbox may see of it. */
  private reportServiceError(error: unknown, event: AuditEvent): unknown {
    if (error instanceof BridgeError || error instanceof BridgeDenied) return error;
    try {
      this.request.onServiceError?.(error, event);
    } catch {
      // The caller's error reporting failing must not change what the plugin sees.
    }
    return undefined;
  }

  /** Serializes a service result for the sandbox, bounded. */
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
    const remaining = this.deadline - performance.now();
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
    if (performance.now() >= this.deadline) {
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

  private copyOut(handle: QuickJSHandle): JsonValue {
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
    const text = context.getString(encoded);
    if (text.length > limits.maxOutputBytes) {
      throw new PluginHostError(
        'invalid-output',
        `The output of "${stepId}" is larger than ${formatSize(limits.maxOutputBytes)} as JSON.`,
      );
    }
    try {
      return parseBoundaryJson(text, `The output of "${stepId}"`);
    } catch (error) {
      throw new PluginHostError('invalid-output', (error as Error).message);
    }
  }

  /** Classifies a value the sandbox threw. */
  private fromVmException(handle: QuickJSHandle): PluginHostError {
    if (this.interrupted || performance.now() >= this.deadline) return this.timeout();
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

  private toHostError(error: unknown): unknown {
    if (error instanceof PluginHostError) return error;
    if (error instanceof VmException) return this.fromVmException(error.handle);
    if (error instanceof ModuleResolutionError) return new PluginHostError('plugin-error', error.message);
    if (this.interrupted || performance.now() >= this.deadline) return this.timeout();
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      return new PluginHostError(
        'plugin-error',
        `The plugin ${this.request.pluginId} recursed too deeply (maximum call stack size exceeded).`,
      );
    }
    if (error instanceof wasmApi.RuntimeError || error instanceof wasmApi.LinkError) {
      if (this.nearMemoryCap() || /OOM|memory/i.test(error.message)) return this.outOfMemory();
      return new PluginHostError(
        'plugin-error',
        `The sandbox of ${this.request.pluginId} stopped: ${clip(error.message, 200)}.`,
      );
    }
    if (this.sandbox && this.nearMemoryCap()) return this.outOfMemory();
    return error;
  }

  /** Ends the run: late host results are dropped and nothing of this QuickJS instance is reused. */
  private close(): void {
    this.closed = true;
    this.deadline = Number.NEGATIVE_INFINITY;
    this.completions = [];
    this.abort?.abort();
    this.wake?.();
    // Disposing a runtime after an interrupted or out-of-memory run can trip QuickJS assertions;
    // the whole module (its memory included) is dropped instead, which frees everything at once.
    this.helpers.clear();
    this.denied.length = 0;
  }

  /** For bridges: the permissions and services of this run. */
  get permissions(): EffectivePermissions {
    return this.request.permissions;
  }

  get services(): HostServices {
    return this.request.services;
  }

  /** Records a bridge call; if the audit sink fails, the call is refused. */
  audit(event: AuditEvent): void {
    try {
      this.request.audit(event);
    } catch {
      throw new BridgeError(`The host could not record ${event.operation}, so the call was refused.`);
    }
  }

  log(message: string): void {
    if (this.logLines >= this.request.limits.maxLogLines) return;
    this.logLines += 1;
    try {
      this.request.services.log?.({ level: 'info', message: clip(message, MAX_LOG_LINE_CHARS) });
    } catch {
      // Logging is best effort.
    }
  }
}

/** Runs one step in a fresh sandbox. Throws PluginHostError (or a host bug as is). */
export function runInSandbox(request: RunRequest): Promise<JsonValue> {
  return new StepRun(request).run();
}
