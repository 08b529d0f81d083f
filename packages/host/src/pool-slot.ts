// A sandbox worker as the pool keeps it: the thread, its state, and which packages it holds.
import { Worker } from 'node:worker_threads';
import { DEFAULT_SANDBOX_LIMITS } from './limits.js';
import type { PluginHostError } from './errors.js';
import type { JsonValue } from './json.js';
import type { PoolRun, PoolRunRequest } from './pool-run.js';
import type { WasmModule } from './wasm.js';

/** A run handed to a worker, with whoever waits for its result. */
export interface ActiveRun {
  run: PoolRun;
  slot: Slot;
  resolve: (output: JsonValue) => void;
  reject: (error: PluginHostError) => void;
}

const MiB = 1024 * 1024;
/** Package files each worker keeps between runs (least recently used dropped first). */
const WORKER_CACHE_BYTES = 64 * MiB;

export interface Slot {
  worker: Worker;
  ready: Promise<void>;
  isReady: boolean;
  /** The run the worker is executing (until it reports done or is terminated). */
  busy?: ActiveRun;
  dead: boolean;
  cached: Map<string, number>;
  graceTimer?: NodeJS.Timeout;
}

/** Starts a sandbox worker thread with its V8 heap capped and the compiled QuickJS shared. */
export function newSandboxWorker(url: URL, wasm: WasmModule, heapMb: number): Worker {
  return new Worker(url, {
    workerData: { wasm, memoryBytes: DEFAULT_SANDBOX_LIMITS.memoryBytes },
    resourceLimits: {
      maxOldGenerationSizeMb: heapMb,
      maxYoungGenerationSizeMb: Math.max(4, Math.floor(heapMb / 4)),
      stackSizeMb: 4,
    },
    stdout: false,
    stderr: false,
  });
}

/** Records the package in the worker's cache (LRU by bytes); returns the keys it must drop. */
export function cacheFiles(slot: Slot, request: PoolRunRequest): string[] {
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
