// A sandbox worker: runs plugin steps (each in a fresh QuickJS instance) on its own thread, so
// that the host can stop it at any moment with Worker.terminate(), whatever the plugin is doing
// (the interpreter loop, a long built-in, a host helper). It keeps nothing of a plugin between
// runs except the verified package files, cached by the host's key.
import { parentPort, workerData } from 'node:worker_threads';
import { PluginHostError } from './errors.js';
import { newSandboxModule, type SandboxModule } from './engine.js';
import { useCompiledWasm } from './engine-wasm.js';
import type { CallOutcome, FromWorker, RunMessage, ToWorker } from './protocol.js';
import { StepRun } from './sandbox.js';
import type { WasmModule } from './wasm.js';

const port = parentPort!;
const { wasm, memoryBytes } = workerData as { wasm?: WasmModule; memoryBytes: number };
if (wasm) useCompiledWasm(wasm);

const packages = new Map<string, ReadonlyMap<string, Uint8Array>>();
const calls = new Map<number, (outcome: CallOutcome) => void>();
let nextCall = 0;
/** A QuickJS instance made while idle, for the next run with the usual memory cap. */
let spare: Promise<SandboxModule> | undefined;

function post(message: FromWorker): void {
  port.postMessage(message);
}

function prepareSpare(): void {
  spare = newSandboxModule(memoryBytes);
  spare.catch(() => {
    spare = undefined;
  });
}

async function sandboxFor(bytes: number): Promise<SandboxModule | undefined> {
  if (bytes !== memoryBytes || !spare) return undefined;
  const ready = spare;
  spare = undefined;
  return ready.catch(() => undefined);
}

async function run(message: RunMessage): Promise<void> {
  const { runId } = message;
  for (const key of message.evict) packages.delete(key);
  if (message.files) packages.set(message.filesKey, new Map(message.files));
  const files = packages.get(message.filesKey);
  let logsDropped = 0;
  let discard = false;
  try {
    if (!files) throw new PluginHostError('engine-fault', 'The sandbox worker did not receive the package files.');
    const step = new StepRun(
      {
        pluginId: message.pluginId,
        files,
        main: message.main,
        stepId: message.stepId,
        input: message.input,
        permissions: message.permissions,
        limits: message.limits,
        deadline: message.deadline - performance.timeOrigin,
        host: {
          services: new Set(message.services),
          call(operation, args, event) {
            const callId = nextCall++;
            return new Promise<CallOutcome>((resolve) => {
              calls.set(callId, resolve);
              post({ type: 'call', runId, callId, operation, args, event });
            });
          },
          refused: (event) => post({ type: 'refused', runId, event }),
          log: (entry) => post({ type: 'log', runId, entry }),
          fault: (text) => post({ type: 'fault', runId, message: text }),
        },
      },
      await sandboxFor(message.limits.memoryBytes),
    );
    try {
      const output = await step.run();
      post({ type: 'done', runId, outcome: { ok: true, output }, discard: false, logsDropped: step.logsDropped });
      return;
    } finally {
      logsDropped = step.logsDropped;
      discard = step.discard;
    }
  } catch (error) {
    const failure =
      error instanceof PluginHostError
        ? error
        : new PluginHostError(
            'engine-fault',
            `The sandbox worker failed: ${String((error as Error)?.message ?? error)}`,
          );
    post({
      type: 'done',
      runId,
      outcome: { ok: false, code: failure.code, message: failure.message },
      discard: discard || failure.code === 'engine-fault',
      logsDropped,
    });
  } finally {
    calls.clear();
    if (!discard) prepareSpare();
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'run') {
    void run(message);
  } else if (message.type === 'reply') {
    const resolve = calls.get(message.callId);
    calls.delete(message.callId);
    resolve?.(message.outcome);
  }
});

prepareSpare();
void spare?.then(
  () => post({ type: 'ready' }),
  () => post({ type: 'ready' }),
);
