import variant from '@jitl/quickjs-wasmfile-release-sync';
import { QuickJSWASMModule } from 'quickjs-emscripten-core';
import { quickjsWasm } from './engine-wasm.js';
import { MIN_MEMORY_BYTES, WASM_PAGE_BYTES } from './limits.js';
import { wasmApi, type WasmMemory, type WasmModule } from './wasm.js';

type ModuleLoader = Awaited<ReturnType<typeof variant.importModuleLoader>>;
type Loader = Extract<ModuleLoader, (...args: never[]) => unknown>;
type LoaderOptions = NonNullable<Parameters<Loader>[0]>;
type FFIConstructor = Awaited<ReturnType<typeof variant.importFFI>>;

/** The variant's Emscripten loader (possibly wrapped in default exports) as a function. */
function unwrap(value: ModuleLoader): Loader {
  let current: unknown = value;
  while (typeof current !== 'function' && current !== null && typeof current === 'object' && 'default' in current) {
    current = (current as { default: unknown }).default;
  }
  return current as Loader;
}

let parts: Promise<{ wasm: WasmModule; load: Loader; FFI: FFIConstructor }> | undefined;

/**
 * Everything reusable across runs, loaded once: the compiled wasm, the Emscripten glue and the
 * FFI class. (Going through `newQuickJSWASMModuleFromVariant` for each run would repeat the
 * variant's dynamic imports, which cost more than the instance itself under loader hooks.)
 */
function engineParts() {
  parts ??= Promise.all([quickjsWasm(), variant.importModuleLoader(), variant.importFFI()]).then(
    ([wasm, loader, FFI]) => ({ wasm, load: unwrap(loader), FFI }),
  );
  parts.catch(() => {
    parts = undefined;
  });
  return parts;
}

/** A QuickJS instance of its own: nothing in it is shared with any other run. */
export interface SandboxModule {
  quickjs: QuickJSWASMModule;
  /** Its whole linear memory; it can grow up to the cap and no further. */
  memory: WasmMemory;
  memoryCap: number;
}

const silent = (): void => undefined;

/**
 * Instantiates a fresh QuickJS module with its own WebAssembly memory capped at `memoryBytes`.
 * QuickJS's own allocator limit is only advisory here (a bug or an allocation path it does not
 * count cannot take more than the cap), and since nothing is reused, a run that fails in any way
 * leaves nothing behind: the module and its memory are dropped together.
 */
export async function newSandboxModule(memoryBytes: number): Promise<SandboxModule> {
  const { wasm, load, FFI } = await engineParts();
  const memory = new wasmApi.Memory({
    initial: MIN_MEMORY_BYTES / WASM_PAGE_BYTES,
    maximum: memoryBytes / WASM_PAGE_BYTES,
  });
  const options = {
    wasmMemory: memory,
    instantiateWasm(imports: object, onSuccess: (instance: object) => void) {
      const instance = new wasmApi.Instance(wasm, imports);
      onSuccess(instance);
      return instance.exports;
    },
    // Emscripten prints aborts (e.g. an assertion in a module being thrown away) to stderr. The
    // loader's option type omits print and printErr, and takes lib.dom's WebAssembly types.
    print: silent,
    printErr: silent,
  } as unknown as LoaderOptions;
  const emscripten = await load(options);
  emscripten.type = 'sync';
  return { quickjs: new QuickJSWASMModule(emscripten, new FFI(emscripten)), memory, memoryCap: memoryBytes };
}
