import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * File name of the bundled sandbox worker. A bundle of the host (the functions' `dist/`, the
 * CLI) places it beside the bundled code; `SANDBOX_WORKER_SOURCE` is what it is built from.
 */
export const SANDBOX_WORKER_FILE = 'sandbox-worker.mjs';
export const SANDBOX_WORKER_SOURCE = fileURLToPath(new URL('./worker.ts', import.meta.url));
/** Packages the worker loads from node_modules rather than from its bundle (QuickJS reads its .wasm file). */
export const SANDBOX_WORKER_EXTERNAL = ['quickjs-emscripten-core', '@jitl/quickjs-wasmfile-release-sync'];

let built: Promise<URL> | undefined;

/**
 * Where the sandbox worker's code is: beside this module when the host is bundled; otherwise
 * (running from the TypeScript sources: tests, scripts) it is bundled once per process with
 * esbuild, a development dependency, into `packages/host/.worker/` so that it resolves the same
 * node_modules. Content-addressed, so concurrent processes never see a half-written file.
 */
export function sandboxWorkerUrl(): Promise<URL> {
  built ??= (async () => {
    const beside = new URL(`./${SANDBOX_WORKER_FILE}`, import.meta.url);
    if (existsSync(fileURLToPath(beside))) return beside;
    if (!existsSync(SANDBOX_WORKER_SOURCE)) {
      throw new Error(
        `The sandbox worker ${SANDBOX_WORKER_FILE} is missing beside ${fileURLToPath(import.meta.url)}; bundle it with the host (see SANDBOX_WORKER_SOURCE).`,
      );
    }
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      entryPoints: [SANDBOX_WORKER_SOURCE],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      external: SANDBOX_WORKER_EXTERNAL.flatMap((name) => [name, `${name}/*`]),
      logLevel: 'warning',
    });
    const code = result.outputFiles[0]!.contents;
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
    const dir = new URL('../.worker/', import.meta.url);
    const file = new URL(`sandbox-worker-${hash}.mjs`, dir);
    if (!existsSync(fileURLToPath(file))) {
      await mkdir(dir, { recursive: true });
      const temp = new URL(`sandbox-worker-${hash}.${process.pid}.${Date.now()}.tmp`, dir);
      await writeFile(temp, code);
      await rename(temp, file);
    }
    return file;
  })();
  built.catch(() => {
    built = undefined;
  });
  return built;
}
