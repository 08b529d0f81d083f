// The process-wide sandbox pool: one per process, sized once, shut down before exit.
import { SandboxPool, type SandboxPoolOptions } from './pool.js';

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
