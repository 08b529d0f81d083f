// Bundles the CLI with the shared package (dependencies included), so the bin runs with plain
// Node. The entry, dist/mlebotics-plugin.mjs, is small; each command is a chunk beside it that the
// entry imports when that command runs (src/cli.ts), with the code commands share in further
// chunks: a cold `run` or `publish` compiles only what it uses, and --version nearly nothing.
import { build } from 'esbuild';
import { copyFile, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const dist = new URL('./dist/', import.meta.url).pathname;
// One ajv: ajv-formats has its own copy of the same ajv 8 (npm could not hoist either over
// eslint's ajv 6), which would put a second 230 KB into every chunk that validates.
const sharedAjv = path.dirname(
  createRequire(new URL('../shared/package.json', import.meta.url)).resolve('ajv/package.json'),
);
const cli = await build({
  entryPoints: { 'mlebotics-plugin': new URL('./src/main.ts', import.meta.url).pathname },
  outdir: dist,
  // Every chunk sits beside the entry: modules find sandbox-worker.mjs, quickjs.wasm and
  // ../package.json relative to their own URL.
  chunkNames: 'chunk-[hash]',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // The host bundles its sandbox worker with esbuild only when running from sources; the bundle
  // has its worker beside it (below), so that import never runs.
  external: ['esbuild'],
  alias: { ajv: sharedAjv },
  metafile: true,
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
// Chunk names carry content hashes, so an earlier build's chunks would stay behind (and be packed).
// Only those go: a build running at the same time (tests build and pack concurrently) writes the
// same names, and dist/ is never missing a file another process is reading.
const written = new Set(Object.keys(cli.metafile.outputs).map((file) => path.basename(file)));
for (const file of await readdir(dist)) {
  if (/^chunk-.+\.mjs$/.test(file) && !written.has(file)) await rm(path.join(dist, file), { force: true });
}
// `run`'s sandbox worker, with QuickJS inside it, where the host looks for it (SANDBOX_WORKER_FILE
// beside the bundle), and the QuickJS code beside both (QUICKJS_WASM_FILE in
// packages/host/src/engine-wasm.ts): the installed CLI has no dependencies to load them from.
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
