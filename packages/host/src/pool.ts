// The host side of the sandbox: a pool of pre-started worker threads, each running plugin steps
// in QuickJS. The deadline and every per-run limit are enforced here, on the main thread, with
// the main thread's clock: at the deadline the run ends, no host call is served any more, and a
// worker that has not stopped by itself is terminated and replaced. Plugin code never runs on
// this thread, so nothing a plugin does can stall its event loop.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { quickjsWasm } from './engine.js';
import { BridgeDenied, BridgeError, PluginHostError, type HostErrorCode } from './errors.js';
import { parseBoundaryJson, utf8Length, type JsonValue } from './json.js';
import { AUDIT_REFUSAL_SAMPLES, DEFAULT_SANDBOX_LIMITS, MAX_AUDIT_DETAIL_CHARS, type SandboxLimits } from './limits.js';
import type { EffectivePermissions } from './permissions.js';
import {
  availableServices,
  invokeService,
  outsideGrant,
  sharedNow,
  type CallOutcome,
  type FromWorker,
  type RunMessage,
  type ToWorker,
} from './protocol.js';
import type { AuditEvent, AuditSink, HostServices } from './services.js';
import { sandboxWorkerUrl } from './worker-entry.js';

/** What happened in one run, for the caller's records (the audit log entry). */
export interface RunSummary {
  /** Calls that reached a service (every one was given to the audit sink). */
  serviceCalls: number;
  /** Refused bridge calls; the first AUDIT_REFUSAL_SAMPLES were given to the audit sink. */
  refusedCalls: number;
  refusedSampled: number;
  logLines: number;
  /** `ctx.log` lines past the limit, counted only. */
  logLinesDropped: number;
  /** How the run ended: `ok` or a host error code. */
  outcome: 'ok' | HostErrorCode;
  /** When the run started and its deadline, on this thread's performance.now() clock. */
  startedAt: number;
  deadlineAt: number;
}

export interface PoolRunRequest {
  pluginId: string;
  /** Identifies the package files (plugin, version, sha256): workers cache them under it. */
  filesKey: string;
  files: ReadonlyMap<string, Uint8Array>;
  main: string;
  stepId: string;
  input: JsonValue;
  permissions: EffectivePermissions;
  services: HostServices;
  audit: AuditSink;
  onServiceError?: (error: unknown, event: AuditEvent) => void;
  onRunEnd?: (summary: RunSummary) => void;
  limits: SandboxLimits & { timeoutMs: number };
}

export interface SandboxPoolOptions {
  /** Most workers (so most steps running at once); further runs wait for a free one. */
  workers: number;
  /** V8 heap limits of each worker (the QuickJS memory is capped separately, per run). */
  workerHeapMb: number;
}

const MiB = 1024 * 1024;
/** How long a worker past its deadline may take to stop by itself before it is terminated. */
export const TERMINATE_GRACE_MS = 15;
/** Package files each worker keeps between runs (least recently used dropped first). */
const WORKER_CACHE_BYTES = 64 * MiB;

export const DEFAULT_POOL_OPTIONS: Readonly<SandboxPoolOptions> = Object.freeze({
  workers: Math.min(8, Math.max(2, availableParallelism() * 2)),
  workerHeapMb: 64,
});

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  isReady: boolean;
  /** The run the worker is executing (until it reports done or is terminated). */
  busy?: ActiveRun;
  dead: boolean;
  cached: Map<string, number>;
  graceTimer?: NodeJS.Timeout;
}

interface ActiveRun {
  id: number;
  request: PoolRunRequest;
  slot: Slot;
  /** On this thread's performance.now() clock. */
  deadline: number;
  startedAt: number;
  ended: boolean;
  timer?: NodeJS.Timeout;
  abort: AbortController;
  serviceCalls: number;
  refusedCalls: number;
  refusedSampled: number;
  logLines: number;
  logLinesDropped: number;
  resolve: (output: JsonValue) => void;
  reject: (error: PluginHostError) => void;
}

interface Waiting {
  request: PoolRunRequest;
  resolve: (output: JsonValue) => void;
  reject: (error: unknown) => void;
}

function clipDetail(event: AuditEvent): AuditEvent {
  if (!event.detail) return event;
  const detail: NonNullable<AuditEvent['detail']> = {};
  for (const [key, value] of Object.entries(event.detail)) {
    detail[key] =
      typeof value === 'string' && value.length > MAX_AUDIT_DETAIL_CHARS
        ? `${value.slice(0, MAX_AUDIT_DETAIL_CHARS)}…`
        : value;
  }
  return { ...event, detail };
}

/** A pool of sandbox workers. Most callers use the process-wide one (`sandboxPool()`). */
export class SandboxPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Waiting[] = [];
  private nextRun = 0;
  private closed = false;
  /** Workers kept started (warmUp raises it to the pool's size): a terminated one is replaced at once. */
  private warm = 0;
  readonly options: SandboxPoolOptions;

  constructor(options: Partial<SandboxPoolOptions> = {}) {
    this.options = { ...DEFAULT_POOL_OPTIONS, ...options };
  }

  /** Starts every worker (and compiles QuickJS) ahead of the first run. */
  async warmUp(): Promise<void> {
    this.warm = this.options.workers;
    while (this.slots.filter((s) => !s.dead).length < this.options.workers) await this.spawn().ready;
    await Promise.all(this.slots.map((s) => s.ready));
  }

  /** Workers alive now (for tests and metrics). */
  get size(): number {
    return this.slots.filter((s) => !s.dead).length;
  }

  /** Runs one step; resolves with its output (JSON data) or rejects with a PluginHostError. */
  run(request: PoolRunRequest): Promise<JsonValue> {
    if (this.closed) return Promise.reject(new PluginHostError('engine-fault', 'The sandbox pool was shut down.'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.pump();
    });
  }

  /** Terminates every worker; runs in progress end with `engine-fault`. */
  async close(): Promise<void> {
    this.closed = true;
    for (const waiting of this.queue.splice(0)) {
      waiting.reject(new PluginHostError('engine-fault', 'The sandbox pool was shut down.'));
    }
    await Promise.all([...this.slots].map((slot) => this.terminate(slot, 'The sandbox pool was shut down.')));
  }

  private spawn(): Slot {
    let markReady!: () => void;
    const slot: Slot = {
      worker: undefined as unknown as Worker,
      ready: new Promise<void>((resolve) => (markReady = resolve)),
      isReady: false,
      dead: false,
      cached: new Map(),
    };
    this.slots.push(slot);
    slot.ready.then(() => {
      slot.isReady = true;
      this.pump();
    });
    void (async () => {
      try {
        const [url, wasm] = await Promise.all([sandboxWorkerUrl(), quickjsWasm()]);
        if (slot.dead) return;
        const worker = new Worker(url, {
          workerData: { wasm, memoryBytes: DEFAULT_SANDBOX_LIMITS.memoryBytes },
          resourceLimits: {
            maxOldGenerationSizeMb: this.options.workerHeapMb,
            maxYoungGenerationSizeMb: Math.max(4, Math.floor(this.options.workerHeapMb / 4)),
            stackSizeMb: 4,
          },
          stdout: false,
          stderr: false,
        });
        slot.worker = worker;
        worker.unref();
        worker.on('message', (message: FromWorker) => {
          if (message.type === 'ready') markReady();
          else this.onMessage(slot, message);
        });
        worker.on('error', (error: Error & { code?: string }) => {
          const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
          this.failSlot(
            slot,
            outOfMemory ? 'out-of-memory' : 'engine-fault',
            outOfMemory
              ? 'used more memory than its sandbox worker may have and was stopped'
              : `stopped its sandbox worker (${error.message})`,
          );
        });
        worker.on('exit', () => {
          this.failSlot(slot, 'engine-fault', 'stopped its sandbox worker');
        });
      } catch (error) {
        this.failSlot(slot, 'engine-fault', `could not start a sandbox worker (${(error as Error).message})`);
        markReady();
        for (const waiting of this.queue.splice(0)) waiting.reject(error);
      }
    })();
    return slot;
  }

  /**
   * Hands waiting runs to idle started workers. With none, starts workers (up to the pool's
   * size) for the runs still waiting; a run goes to whichever worker is free first (each worker
   * coming up, and each run ending, pumps again).
   */
  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      const slot = this.slots.find((s) => !s.dead && !s.busy && s.isReady);
      if (!slot) {
        let starting = this.slots.filter((s) => !s.dead && !s.busy && !s.isReady).length;
        while (starting < this.queue.length && this.size < this.options.workers) {
          this.spawn();
          starting += 1;
        }
        return;
      }
      this.dispatch(slot, this.queue.shift()!);
    }
  }

  private dispatch(slot: Slot, waiting: Waiting): void {
    const { request } = waiting;
    const id = ++this.nextRun;
    const run: ActiveRun = {
      id,
      request,
      slot,
      deadline: Number.POSITIVE_INFINITY,
      startedAt: Number.NaN,
      ended: false,
      abort: new AbortController(),
      serviceCalls: 0,
      refusedCalls: 0,
      refusedSampled: 0,
      logLines: 0,
      logLinesDropped: 0,
      resolve: waiting.resolve,
      reject: waiting.reject,
    };
    slot.busy = run;
    void slot.ready.then(() => {
      if (slot.dead || run.ended) {
        if (!run.ended)
          this.end(run, new PluginHostError('engine-fault', 'The sandbox worker stopped before the run.'));
        return;
      }
      slot.worker.ref();
      const { timeoutMs } = request.limits;
      run.startedAt = performance.now();
      run.deadline = run.startedAt + timeoutMs;
      run.timer = setTimeout(() => this.end(run, this.timeoutError(run)), timeoutMs);
      const message: RunMessage = {
        type: 'run',
        runId: id,
        pluginId: request.pluginId,
        main: request.main,
        stepId: request.stepId,
        input: request.input,
        permissions: request.permissions,
        services: availableServices(request.services),
        limits: request.limits,
        deadline: sharedNow() + timeoutMs,
        filesKey: request.filesKey,
        evict: this.cacheFiles(slot, request),
      };
      if (!slot.cached.has(`sent:${request.filesKey}`)) {
        message.files = [...request.files];
        slot.cached.set(`sent:${request.filesKey}`, 0);
      }
      this.post(slot, message);
    });
  }

  /** Records the package in the worker's cache (LRU by bytes); returns the keys it must drop. */
  private cacheFiles(slot: Slot, request: PoolRunRequest): string[] {
    const key = request.filesKey;
    const size = [...request.files.values()].reduce((sum, bytes) => sum + bytes.byteLength, 0);
    const known = slot.cached.get(key);
    if (known !== undefined) {
      slot.cached.delete(key);
      slot.cached.set(key, known);
      return [];
    }
    const evict: string[] = [];
    let total = [...slot.cached.entries()].reduce((sum, [k, n]) => (k.startsWith('sent:') ? sum : sum + n), 0);
    for (const [k, n] of slot.cached) {
      if (total + size <= WORKER_CACHE_BYTES) break;
      if (k.startsWith('sent:')) continue;
      evict.push(k);
      slot.cached.delete(k);
      slot.cached.delete(`sent:${k}`);
      total -= n;
    }
    slot.cached.set(key, size);
    return evict;
  }

  private post(slot: Slot, message: ToWorker): void {
    if (slot.dead) return;
    try {
      slot.worker.postMessage(message);
    } catch (error) {
      this.failSlot(slot, 'engine-fault', `could not be handed to its sandbox worker (${(error as Error).message})`);
    }
  }

  private reply(slot: Slot, runId: number, callId: number, outcome: CallOutcome): void {
    this.post(slot, { type: 'reply', runId, callId, outcome });
  }

  private onMessage(slot: Slot, message: Exclude<FromWorker, { type: 'ready' }>): void {
    const run = slot.busy;
    if (!run || run.id !== message.runId) return;
    switch (message.type) {
      case 'call':
        return this.onCall(run, message);
      case 'refused': {
        run.refusedCalls += 1;
        if (run.refusedSampled < AUDIT_REFUSAL_SAMPLES && !run.ended) {
          run.refusedSampled += 1;
          this.audit(run, message.event);
        }
        if (run.refusedCalls > run.request.limits.maxRefusedCalls) {
          this.end(
            run,
            new PluginHostError(
              'call-limit',
              `The step "${run.request.stepId}" of ${run.request.pluginId} was refused more than ${run.request.limits.maxRefusedCalls} host calls and was stopped as abusive.`,
            ),
          );
        }
        return;
      }
      case 'log':
        if (run.ended) return;
        if (run.logLines >= run.request.limits.maxLogLines) {
          run.logLinesDropped += 1;
          return;
        }
        run.logLines += 1;
        try {
          run.request.services.log?.(message.entry);
        } catch {
          // Logging is best effort.
        }
        return;
      case 'fault':
        this.end(run, new PluginHostError('engine-fault', message.message));
        void this.terminate(slot, 'engine fault');
        return;
      case 'done':
        return this.onDone(slot, run, message);
    }
  }

  private onCall(run: ActiveRun, message: Extract<FromWorker, { type: 'call' }>): void {
    const { slot, request } = run;
    const ended: CallOutcome = { ok: false, kind: 'bridge', message: 'The run has ended.' };
    if (run.ended) return this.reply(slot, run.id, message.callId, ended);
    if (performance.now() >= run.deadline) {
      this.end(run, this.timeoutError(run));
      return this.reply(slot, run.id, message.callId, ended);
    }
    const problem = outsideGrant(message.operation, message.args, request.permissions);
    if (problem !== undefined) {
      this.end(
        run,
        new PluginHostError('engine-fault', `The sandbox of ${request.pluginId} asked the host for ${problem}.`),
      );
      void this.terminate(slot, 'call outside the grant');
      return;
    }
    run.serviceCalls += 1;
    if (run.serviceCalls > request.limits.maxServiceCalls) {
      this.end(
        run,
        new PluginHostError(
          'call-limit',
          `The step "${request.stepId}" of ${request.pluginId} made more than ${request.limits.maxServiceCalls} service calls and was stopped.`,
        ),
      );
      return this.reply(slot, run.id, message.callId, ended);
    }
    const event = { ...message.event, operation: message.operation, allowed: true };
    if (!this.audit(run, event)) {
      return this.reply(slot, run.id, message.callId, {
        ok: false,
        kind: 'bridge',
        message: `The host could not record ${message.operation}, so the call was refused.`,
      });
    }
    let started: Promise<unknown>;
    try {
      started = invokeService(request.services, message.operation, message.args, { signal: run.abort.signal });
    } catch (error) {
      started = Promise.reject(error);
    }
    started.then(
      (value) => {
        if (run.ended) return;
        let outcome: CallOutcome;
        try {
          outcome = value === undefined ? { ok: true } : { ok: true, json: JSON.stringify(value) };
          if (outcome.ok && outcome.json === undefined && value !== undefined) throw new Error('not JSON data');
        } catch (error) {
          outcome = this.serviceFailure(run, event, error);
        }
        this.reply(slot, run.id, message.callId, outcome);
      },
      (error: unknown) => {
        if (run.ended) return;
        this.reply(slot, run.id, message.callId, this.serviceFailure(run, event, error));
      },
    );
  }

  private serviceFailure(run: ActiveRun, event: AuditEvent, error: unknown): CallOutcome {
    if (error instanceof BridgeError) return { ok: false, kind: 'bridge', message: error.message };
    if (error instanceof BridgeDenied)
      return { ok: false, kind: 'denied', message: error.message, detail: error.detail };
    try {
      run.request.onServiceError?.(error, event);
    } catch {
      // The caller's error reporting failing must not change what the plugin sees.
    }
    return { ok: false, kind: 'internal', message: '' };
  }

  /** Gives an event to the caller's audit sink; false when the sink failed. */
  private audit(run: ActiveRun, event: AuditEvent): boolean {
    try {
      run.request.audit(clipDetail(event));
      return true;
    } catch {
      return false;
    }
  }

  private onDone(slot: Slot, run: ActiveRun, message: Extract<FromWorker, { type: 'done' }>): void {
    run.logLinesDropped += message.logsDropped;
    if (!run.ended) {
      const { outcome } = message;
      if (outcome.ok) {
        let output: JsonValue | undefined;
        try {
          if (utf8Length(outcome.output) > run.request.limits.maxOutputBytes) throw new Error('too large');
          output = parseBoundaryJson(outcome.output, 'The output');
        } catch {
          output = undefined;
        }
        if (output === undefined) {
          this.end(
            run,
            new PluginHostError('engine-fault', 'The sandbox worker returned an output that is not valid.'),
          );
        } else {
          this.end(run, output);
        }
      } else {
        this.end(run, new PluginHostError(outcome.code, outcome.message));
      }
    }
    clearTimeout(slot.graceTimer);
    slot.graceTimer = undefined;
    slot.busy = undefined;
    if (message.discard) {
      void this.terminate(slot, 'discarded after a fault');
    } else if (!slot.dead) {
      slot.worker.unref();
    }
    this.pump();
  }

  private timeoutError(run: ActiveRun): PluginHostError {
    const { stepId, pluginId, limits } = run.request;
    return new PluginHostError(
      'timeout',
      `The step "${stepId}" of ${pluginId} did not finish within ${limits.timeoutMs} ms and was stopped.`,
    );
  }

  /**
   * Ends a run with its output or error, at once: later messages of the run are ignored and its
   * service calls aborted. A worker still busy with it gets a short grace to stop by itself.
   */
  private end(run: ActiveRun, result: JsonValue | PluginHostError): void {
    if (run.ended) return;
    run.ended = true;
    clearTimeout(run.timer);
    run.abort.abort();
    const failure = result instanceof PluginHostError ? result : undefined;
    try {
      run.request.onRunEnd?.({
        serviceCalls: Math.min(run.serviceCalls, run.request.limits.maxServiceCalls),
        refusedCalls: run.refusedCalls,
        refusedSampled: run.refusedSampled,
        logLines: run.logLines,
        logLinesDropped: run.logLinesDropped,
        outcome: failure ? failure.code : 'ok',
        startedAt: run.startedAt,
        deadlineAt: run.deadline,
      });
    } catch {
      // The caller's bookkeeping failing must not change the run's result.
    }
    if (failure) run.reject(failure);
    else run.resolve(result as JsonValue);
    const { slot } = run;
    if (slot.busy === run && !slot.dead && slot.graceTimer === undefined) {
      slot.graceTimer = setTimeout(() => {
        slot.graceTimer = undefined;
        if (slot.busy === run) void this.terminate(slot, 'past its deadline');
      }, TERMINATE_GRACE_MS);
    }
  }

  /** A worker died or failed: its run ends with `code`, and the slot is replaced on demand. */
  private failSlot(slot: Slot, code: HostErrorCode, what: string): void {
    const run = slot.busy;
    if (run && !run.ended) {
      this.end(run, new PluginHostError(code, `The step "${run.request.stepId}" of ${run.request.pluginId} ${what}.`));
    }
    if (!slot.dead) void this.terminate(slot, what);
  }

  private async terminate(slot: Slot, why: string): Promise<void> {
    if (slot.dead) return;
    slot.dead = true;
    clearTimeout(slot.graceTimer);
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    const run = slot.busy;
    slot.busy = undefined;
    if (run && !run.ended)
      this.end(run, new PluginHostError('engine-fault', `The sandbox worker was stopped (${why}).`));
    while (!this.closed && this.size < this.warm) this.spawn();
    this.pump();
    await slot.worker?.terminate().catch(() => undefined);
  }
}

let shared: SandboxPool | undefined;
let sharedOptions: Partial<SandboxPoolOptions> = {};

/** The process-wide sandbox pool, made on first use. */
export function sandboxPool(): SandboxPool {
  shared ??= new SandboxPool(sharedOptions);
  return shared;
}

/** Sets the size of the process-wide pool (before its first use, or it is replaced). */
export function configureSandboxPool(options: Partial<SandboxPoolOptions>): void {
  sharedOptions = options;
  const old = shared;
  shared = undefined;
  void old?.close();
}

/** Terminates the process-wide pool's workers (a CLI or test about to exit). */
export async function shutdownSandboxPool(): Promise<void> {
  const old = shared;
  shared = undefined;
  await old?.close();
}
