// The host side of the sandbox: a pool of pre-started worker threads, each running plugin steps
// in QuickJS. The deadline and every per-run limit are enforced here, on the main thread, with
// the main thread's clock: at the deadline the run ends, no host call is served any more, and a
// worker that has not stopped by itself is terminated and replaced. Plugin code never runs on
// this thread, so nothing a plugin does can stall its event loop.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { quickjsWasm } from './engine-wasm.js';
import { PluginHostError, type HostErrorCode } from './errors.js';
import type { JsonValue } from './json.js';
import { PoolRun, type PoolRunRequest } from './pool-run.js';
import { cacheFiles, newSandboxWorker, type ActiveRun, type Slot } from './pool-slot.js';
import { availableServices, sharedNow, type FromWorker, type RunMessage, type ToWorker } from './protocol.js';
import { sandboxWorkerUrl } from './worker-entry.js';

export type { PoolRunRequest, RunSummary } from './pool-run.js';

export interface SandboxPoolOptions {
  /** Most workers (so most steps running at once); further runs wait for a free one. */
  workers: number;
  /** V8 heap limits of each worker (the QuickJS memory is capped separately, per run). */
  workerHeapMb: number;
}

/** How long a worker past its deadline may take to stop by itself before it is terminated. */
export const TERMINATE_GRACE_MS = 15;

export const DEFAULT_POOL_OPTIONS: Readonly<SandboxPoolOptions> = Object.freeze({
  workers: Math.min(8, Math.max(2, availableParallelism() * 2)),
  workerHeapMb: 64,
});

interface Waiting {
  request: PoolRunRequest;
  resolve: (output: JsonValue) => void;
  reject: (error: unknown) => void;
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
    // A pool closed while warming starts nothing more (a worker that reported ready as it was
    // being terminated would otherwise be replaced, and keep the process alive).
    while (!this.closed && this.slots.filter((s) => !s.dead).length < this.options.workers) {
      await this.spawn().ready;
    }
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
        if (slot.dead || this.closed) return;
        const worker = newSandboxWorker(url, wasm, this.options.workerHeapMb);
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
    const active: ActiveRun = {
      run: new PoolRun(id, request, {
        end: (result) => this.end(active, result),
        reply: (callId, outcome) => this.post(slot, { type: 'reply', runId: id, callId, outcome }),
        discardWorker: (why) => void this.terminate(slot, why),
      }),
      slot,
      resolve: waiting.resolve,
      reject: waiting.reject,
    };
    const { run } = active;
    slot.busy = active;
    void slot.ready.then(() => {
      if (slot.dead || run.ended) {
        if (!run.ended)
          this.end(active, new PluginHostError('engine-fault', 'The sandbox worker stopped before the run.'));
        return;
      }
      slot.worker.ref();
      const { timeoutMs } = request.limits;
      run.startedAt = performance.now();
      run.deadline = run.startedAt + timeoutMs;
      run.timer = setTimeout(() => this.end(active, run.timeout()), timeoutMs);
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
        evict: cacheFiles(slot, request),
      };
      if (!slot.cached.has(`sent:${request.filesKey}`)) {
        message.files = [...request.files];
        slot.cached.set(`sent:${request.filesKey}`, 0);
      }
      this.post(slot, message);
    });
  }

  private post(slot: Slot, message: ToWorker): void {
    if (slot.dead) return;
    try {
      slot.worker.postMessage(message);
    } catch (error) {
      this.failSlot(slot, 'engine-fault', `could not be handed to its sandbox worker (${(error as Error).message})`);
    }
  }

  private onMessage(slot: Slot, message: Exclude<FromWorker, { type: 'ready' }>): void {
    const active = slot.busy;
    if (!active || active.run.id !== message.runId) return;
    const { run } = active;
    switch (message.type) {
      case 'call':
        return run.call(message);
      case 'refused':
        return run.refused(message.event);
      case 'log':
        return run.log(message.entry);
      case 'fault':
        this.end(active, new PluginHostError('engine-fault', message.message));
        void this.terminate(slot, 'engine fault');
        return;
      case 'done':
        run.done(message);
        clearTimeout(slot.graceTimer);
        slot.graceTimer = undefined;
        slot.busy = undefined;
        if (message.discard) {
          void this.terminate(slot, 'discarded after a fault');
        } else if (!slot.dead) {
          slot.worker.unref();
        }
        this.pump();
        return;
    }
  }

  /**
   * Ends a run with its output or error, at once: later messages of the run are ignored and its
   * service calls aborted. A worker still busy with it gets a short grace to stop by itself.
   */
  private end(active: ActiveRun, result: JsonValue | PluginHostError): void {
    const { run, slot } = active;
    if (run.ended) return;
    run.ended = true;
    clearTimeout(run.timer);
    run.abort.abort();
    const failure = result instanceof PluginHostError ? result : undefined;
    try {
      run.request.onRunEnd?.(run.summary(failure ? failure.code : 'ok'));
    } catch {
      // The caller's bookkeeping failing must not change the run's result.
    }
    if (failure) active.reject(failure);
    else active.resolve(result as JsonValue);
    if (slot.busy === active && !slot.dead && slot.graceTimer === undefined) {
      slot.graceTimer = setTimeout(() => {
        slot.graceTimer = undefined;
        if (slot.busy === active) void this.terminate(slot, 'past its deadline');
      }, TERMINATE_GRACE_MS);
    }
  }

  /** A worker died or failed: its run ends with `code`, and the slot is replaced on demand. */
  private failSlot(slot: Slot, code: HostErrorCode, what: string): void {
    const active = slot.busy;
    if (active && !active.run.ended) {
      const { stepId, pluginId } = active.run.request;
      this.end(active, new PluginHostError(code, `The step "${stepId}" of ${pluginId} ${what}.`));
    }
    if (!slot.dead) void this.terminate(slot, what);
  }

  private async terminate(slot: Slot, why: string): Promise<void> {
    if (slot.dead) return;
    slot.dead = true;
    clearTimeout(slot.graceTimer);
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    const active = slot.busy;
    slot.busy = undefined;
    if (active && !active.run.ended)
      this.end(active, new PluginHostError('engine-fault', `The sandbox worker was stopped (${why}).`));
    while (!this.closed && this.size < this.warm) this.spawn();
    this.pump();
    await slot.worker?.terminate().catch(() => undefined);
  }
}
