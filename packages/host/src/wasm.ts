// The WebAssembly API, typed here: its types come from TypeScript's DOM library, which the
// functions workspace (it type-checks this package's source) does not load.

/** A compiled WebAssembly module (opaque). */
export interface WasmModule {
  readonly [Symbol.toStringTag]: string;
}

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: object };
  RuntimeError: new () => Error;
  LinkError: new () => Error;
}

export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
