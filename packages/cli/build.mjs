// Bundles the CLI with the shared package into one file (dependencies included), so the bin
// runs with plain Node.
import { build } from 'esbuild';
import { copyFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const dist = new URL('./dist/', import.meta.url).pathname;
await build({
  entryPoints: [new URL('./src/main.ts', import.meta.url).pathname],
  outfile: new URL('./dist/mlebotics-plugin.mjs', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // The host bundles its sandbox worker with esbuild only when running from sources; the bundle
  // has its worker beside it (below), so that import never runs.
  external: ['esbuild'],
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
// `run`'s sandbox worker, with QuickJS inside it, where the host looks for it (SANDBOX_WORKER_FILE
// beside the bundle), and the QuickJS code beside both (QUICKJS_WASM_FILE in
// packages/host/src/engine.ts): the installed CLI has no dependencies to load them from.
await build({
  entryPoints: [new URL('../host/src/worker.ts', import.meta.url).pathname],
  outfile: `${dist}sandbox-worker.mjs`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
const hostRequire = createRequire(new URL('../host/package.json', import.meta.url));
await copyFile(hostRequire.resolve('@jitl/quickjs-wasmfile-release-sync/wasm'), `${dist}quickjs.wasm`);
console.log('cli: built packages/cli/dist/mlebotics-plugin.mjs, sandbox-worker.mjs and quickjs.wasm');
