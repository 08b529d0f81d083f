// The CLI's sandbox pool: one worker (one run at a time, replaced if a run overruns its
// deadline, as on the platform). The CLI starts it before it loads `run` itself, so that the
// worker thread boots and QuickJS compiles while the rest of the command (the validators, the
// package reader) loads and the directory is packed: a cold run waits for the slower of the two.
// (From the host's pool entry, not its index: a chunk of the CLI's bundle that imports a barrel
// brings everything the barrel exports that any command uses — the validators, zod.)
import { configureSandboxPool, sandboxPool } from '@mlebotics/plugin-host/pool';
import { setFlagsFromString } from 'node:v8';

/**
 * V8's budget before it recompiles a hot WebAssembly function with its optimizing compiler,
 * over 500 times its default (1,800,000). Each run gets a fresh QuickJS instance, and so fresh
 * budgets: with V8's default, even a step that reads one sensor sends QuickJS's interpreter
 * loop (29 KB of wasm) and a few others to TurboFan, hundreds of milliseconds of compiling on a
 * background thread that competes with the run and that the process then waits for at exit,
 * for code this short-lived process never runs. Now only a step that keeps a function busy for
 * about a second (a long deadline, a CPU-bound step) gets it optimized. The platform keeps V8's
 * default: its workers live on and run many steps.
 */
const WASM_TIERING_BUDGET = 1_000_000_000;

let configured = false;

/**
 * Starts the sandbox worker now, sizing the process-wide pool on the first call (sizing it again
 * would replace a worker already starting). A failure to start shows at the run, not here.
 */
export function startSandbox(): void {
  if (!configured) {
    // Before QuickJS is compiled and instantiated (V8 reads the budget for each instance).
    setFlagsFromString(`--wasm-tiering-budget=${WASM_TIERING_BUDGET}`);
    configureSandboxPool({ workers: 1 });
    configured = true;
  }
  sandboxPool()
    .warmUp()
    .catch(() => undefined);
}
