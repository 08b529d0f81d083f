// The CLI's sandbox pool: one worker (one run at a time, replaced if a run overruns its
// deadline, as on the platform). The CLI starts it before it loads `run` itself, so that the
// worker thread boots and QuickJS compiles while the rest of the command (the validators, the
// package reader) loads and the directory is packed: a cold run waits for the slower of the two.
// (From the host's pool entry, not its index: a chunk of the CLI's bundle that imports a barrel
// brings everything the barrel exports that any command uses — the validators, zod.)
import { configureSandboxPool, sandboxPool } from '@mlebotics/plugin-host/pool';

let configured = false;

/**
 * Starts the sandbox worker now, sizing the process-wide pool on the first call (sizing it again
 * would replace a worker already starting). A failure to start shows at the run, not here.
 */
export function startSandbox(): void {
  if (!configured) {
    configureSandboxPool({ workers: 1 });
    configured = true;
  }
  sandboxPool()
    .warmUp()
    .catch(() => undefined);
}
