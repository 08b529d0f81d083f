// The QuickJS WebAssembly code, compiled once per process: apart from engine.ts (the Emscripten
// glue and QuickJS's JavaScript API, which only sandbox workers use) so that the main thread,
// which compiles the code and hands it to its workers, loads none of that.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { wasmApi, type WasmModule } from './wasm.js';

let compiled: Promise<WasmModule> | undefined;

/** Uses QuickJS code compiled elsewhere (a sandbox worker receives the host's compiled module). */
export function useCompiledWasm(module: WasmModule): void {
  compiled = Promise.resolve(module);
}

/**
 * File name of the QuickJS code beside a bundle that includes QuickJS itself (the CLI, which
 * installs with no dependencies: packages/cli/build.mjs copies it there).
 */
export const QUICKJS_WASM_FILE = 'quickjs.wasm';

/**
 * The QuickJS WebAssembly code, compiled once per process. Taken from beside this module when a
 * bundle placed it there, otherwise located through the variant package's own `./wasm` export
 * so that it loads wherever the package is installed (the workspace, or
 * functions/dist/node_modules where the functions bundle keeps it external).
 */
export function quickjsWasm(): Promise<WasmModule> {
  compiled ??= (async () => {
    const beside = fileURLToPath(new URL(`./${QUICKJS_WASM_FILE}`, import.meta.url));
    const file = existsSync(beside)
      ? beside
      : createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm');
    return wasmApi.compile(await readFile(file));
  })();
  compiled.catch(() => {
    compiled = undefined;
  });
  return compiled;
}
