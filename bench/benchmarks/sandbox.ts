import variant from '@jitl/quickjs-wasmfile-release-sync';
import { load, warmUp, type LoadedPlugin, type RunStepOptions } from '@mlebotics/plugin-host';
import {
  IN_TOTO_PAYLOAD_TYPE,
  MANIFEST_FILE,
  buildStatement,
  keyIdOf,
  statementPayload,
  toBase64,
  type PluginManifest,
} from '@mlebotics/shared';
import { validatePackageBytes } from '@mlebotics/shared/node';
import { manifestFor, packPlugin } from '@mlebotics/testing';
import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { newQuickJSWASMModuleFromVariant } from 'quickjs-emscripten-core';
import { distribution, percentile, timeMs, type Benchmark, type BenchResult } from '../lib.js';

const COLD_RUNS = 100;
const BRIDGE_CALLS = 100_000;
const BRIDGE_RUNS = 7;
const COMPUTE_RUNS = 5;
const PRIMES_BELOW = 150_000;

/** The CPU-bound function run both natively and in the sandbox: trial-division prime count. */
const PRIMES = `function countPrimes(limit) {
  let count = 0;
  for (let n = 2; n < limit; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) {
      if (n % d === 0) { prime = false; break; }
    }
    if (prime) count++;
  }
  return count;
}`;

const MAIN = `${PRIMES}
export default { steps: {
  echo: (input) => ({ text: input.text }),
  bridge(input, ctx) {
    const t0 = Date.now();
    for (let i = 0; i < input.calls; i++) ctx.log('x');
    return { bridgeMs: Date.now() - t0 };
  },
  compute: (input) => ({ count: countPrimes(input.limit) }),
} };
`;

const ANY = { type: 'object' };

/** A plugin packed and signed as the publish pipeline does (local P-256 key, DSSE envelope). */
async function benchPlugin(): Promise<LoadedPlugin> {
  const overrides: Partial<PluginManifest> = {
    capabilities: [
      {
        type: 'automation-step',
        id: 'echo',
        title: 'Echo',
        inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
        outputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      },
      {
        type: 'automation-step',
        id: 'bridge',
        title: 'Bridge',
        inputSchema: ANY,
        outputSchema: ANY,
        timeoutMs: 30_000,
      },
      {
        type: 'automation-step',
        id: 'compute',
        title: 'Compute',
        inputSchema: ANY,
        outputSchema: ANY,
        timeoutMs: 30_000,
      },
    ],
  };
  const manifest = manifestFor('bench.sandbox', overrides);
  const artifact = new Uint8Array(await packPlugin('bench.sandbox', overrides, { 'index.js': MAIN }));
  const validation = await validatePackageBytes(artifact);
  if (!validation.ok || !validation.contents || !validation.sha256) {
    throw new Error(`the benchmark plugin is not valid: ${JSON.stringify(validation.errors)}`);
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  const keyId = keyIdOf(publicKeyPem);
  const { payload, pae } = statementPayload(
    buildStatement(validation.sha256, {
      pluginId: manifest.id,
      version: manifest.version,
      publisher: manifest.publisher,
      uploader: 'bench',
      uploadId: 'bench',
      manifestSha256: validation.contents.files.find((f) => f.path === MANIFEST_FILE)!.sha256,
      permissions: manifest.permissions,
      files: validation.contents.files,
      publishedAt: new Date().toISOString(),
    }),
  );
  const envelope = {
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    payload: toBase64(payload),
    signatures: [{ keyid: keyId, sig: toBase64(sign('sha256', pae, { key: privateKey, dsaEncoding: 'der' })) }],
  };
  return load(artifact, envelope, [{ keyId, publicKeyPem, status: 'active' }], []);
}

/**
 * The raw cost of a host call: a loop calling a no-op host function through quickjs-emscripten
 * directly. Returns a function that times `calls` such calls, in ms.
 */
async function rawHostCalls(): Promise<(calls: number) => number> {
  const quickjs = await newQuickJSWASMModuleFromVariant(variant);
  const context = quickjs.newContext();
  context.newFunction('noop', () => undefined).consume((fn) => context.setProp(context.global, 'noop', fn));
  return (calls) => {
    const started = performance.now();
    context.unwrapResult(context.evalCode(`for (let i = 0; i < ${calls}; i++) noop('x');`)).dispose();
    return performance.now() - started;
  };
}

/** The raw floor of a fresh sandbox: instantiating the compiled QuickJS wasm with a new memory. */
function instantiateOnly(module: WebAssembly.Module): void {
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
  for (const entry of WebAssembly.Module.imports(module)) {
    imports[entry.module] ??= {};
    imports[entry.module]![entry.name] =
      entry.kind === 'memory' ? new WebAssembly.Memory({ initial: 256, maximum: 1024 }) : () => 0;
  }
  new WebAssembly.Instance(module, imports);
}

export const sandbox: Benchmark = {
  name: 'sandbox',
  async run(): Promise<BenchResult[]> {
    const plugin = await benchPlugin();
    const options: RunStepOptions = { services: { log: () => undefined }, audit: () => undefined };
    await warmUp();
    const wasm = await WebAssembly.compile(
      await readFile(createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm')),
    );

    for (let i = 0; i < 10; i++) {
      await plugin.runStep('echo', { text: 'warm' }, options);
      instantiateOnly(wasm);
    }
    const cold: number[] = [];
    const instantiate: number[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      cold.push(await timeMs(() => plugin.runStep('echo', { text: `run ${i}` }, options)));
      instantiate.push(await timeMs(async () => instantiateOnly(wasm)));
    }

    const bridgeRates: number[] = [];
    const rawRates: number[] = [];
    const raw = await rawHostCalls();
    await plugin.runStep('bridge', { calls: BRIDGE_CALLS / 10 }, options);
    raw(BRIDGE_CALLS / 10);
    for (let i = 0; i < BRIDGE_RUNS; i++) {
      const { output } = await plugin.runStep('bridge', { calls: BRIDGE_CALLS }, options);
      const { bridgeMs } = output as { bridgeMs: number };
      bridgeRates.push((BRIDGE_CALLS / Math.max(bridgeMs, 1)) * 1000);
      rawRates.push((BRIDGE_CALLS / raw(BRIDGE_CALLS)) * 1000);
    }

    const countPrimes = new Function(`${PRIMES}; return countPrimes;`)() as (limit: number) => number;
    const expected = countPrimes(PRIMES_BELOW);
    const native: number[] = [];
    const inSandbox: number[] = [];
    for (let i = 0; i < COMPUTE_RUNS; i++) {
      native.push(await timeMs(async () => countPrimes(PRIMES_BELOW)));
      let count = 0;
      // Includes the fresh sandbox (a few ms), as a real run would.
      inSandbox.push(
        await timeMs(async () => {
          const { output } = await plugin.runStep('compute', { limit: PRIMES_BELOW }, options);
          count = (output as { count: number }).count;
        }),
      );
      if (count !== expected) throw new Error(`the sandbox counted ${count} primes, Node ${expected}`);
    }
    const sandboxMs = percentile(inSandbox, 50);
    const nativeMs = percentile(native, 50);

    return [
      distribution('sandbox.cold_start_ms', 'ms', cold, {
        floorSamples: instantiate,
        goal: 'p50 <= 20 ms',
        note: 'one automation step end to end in a fresh QuickJS module (new wasm instance and capped memory, runtime, context, bridges, module evaluation, schema checks); floor: instantiating the compiled QuickJS wasm with a new memory',
      }),
      distribution('sandbox.bridge_calls_per_s', 'calls/s', bridgeRates, {
        floorSamples: rawRates,
        goal: '>= 100000',
        note: `${BRIDGE_CALLS} synchronous ctx.log('x') round trips into the host per run (argument copied and checked, services.log called), timed inside the sandbox; floor: the same number of calls to a no-op host function made with quickjs-emscripten's newFunction, the engine's own cost of a host call (ratio < 1: the share the bridge keeps)`,
      }),
      {
        name: 'sandbox.compute_ratio',
        unit: 'x',
        value: Math.round((sandboxMs / nativeMs) * 10) / 10,
        n: COMPUTE_RUNS,
        note: `primes below ${PRIMES_BELOW} by trial division: sandbox step p50 ${sandboxMs.toFixed(1)} ms (fresh sandbox included), the same function in Node p50 ${nativeMs.toFixed(1)} ms`,
      },
    ];
  },
};
