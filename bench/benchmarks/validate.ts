import { packFiles, validatePackageBytes } from '@mlebotics/shared/node';
import { parseModule } from '@mlebotics/shared/package/module-parse';
import { manifestFor } from '@mlebotics/testing';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';
import { distribution, percentile, timeMs, type Benchmark } from '../lib.js';

/** Deterministic pseudo-random bytes. */
function noise(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed | 1;
  for (let i = 0; i < size; i++) {
    // xorshift32: 32-bit integer arithmetic only.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * Source-like text that is a valid ES module (the validator parses every module): top-level
 * statements with distinct names, numbers and strings; compresses about 4x, as bundled JavaScript does.
 */
function codeLike(size: number, seed: number): string {
  const words = ['sensor', 'value', 'input', 'output', 'reading', 'level', 'alert', 'robot', 'ctx', 'step'];
  let x = seed | 1;
  let text = '';
  for (let n = 0; text.length < size; n++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    const y = (x >>> 8) % 46656;
    const name = `${words[x % words.length]}_${n.toString(36)}`;
    text +=
      x % 3 === 0
        ? `export const ${name} = (input) => input.${words[y % words.length]} + ${y};\n`
        : `const ${name} = ${y} > ${x % 1000} ? 'v${y.toString(36)}' : null;\n`;
  }
  return text.slice(0, text.lastIndexOf('\n', size) + 1);
}

/** JavaScript in a realistic package, at most: a large bundled plugin (the sandbox loads a few MiB). */
const MAX_CODE_BYTES = 4 * 1024 * 1024;

function realisticFiles(scale: number, id: string, version: string): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = {
    'plugin.json': JSON.stringify(manifestFor(id, { version })),
    'README.md': `# Bench\n\n${codeLike(20_000, 7)}`,
    'icon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  };
  const chunk = 256 * 1024;
  const codeBytes = Math.min(Math.round(scale * 1.6), MAX_CODE_BYTES);
  for (let i = 0, n = 0; i < codeBytes; i += chunk, n++)
    files[n === 0 ? 'index.js' : `lib/module-${n}.js`] = codeLike(Math.min(chunk, codeBytes - i), n + 1);
  files['index.js'] += 'export default { steps: { echo: (input) => input } };\n';
  const assetBytes = Math.round(scale * 0.8);
  for (let i = 0, n = 0; i < assetBytes; i += chunk, n++)
    files[`assets/model-${n}.bin`] = noise(Math.min(chunk, assetBytes - i), n + 99);
  return files;
}

/**
 * A realistic package of about `target` compressed bytes (within 3%): bundled code that
 * compresses as JavaScript does, a README, and binary assets (models, firmware) that do not.
 */
export async function realisticPackage(target: number, id = 'bench.validate', version = '1.0.0'): Promise<Buffer> {
  let scale = target;
  for (let i = 0; i < 8; i++) {
    const bytes = await packFiles(realisticFiles(scale, id, version));
    if (Math.abs(bytes.length - target) / target < 0.03) return bytes;
    scale *= target / bytes.length;
  }
  return packFiles(realisticFiles(scale, id, version));
}

/**
 * The raw floor: gunzip, untar and sha256 of the package and of every file; with `parse`, also
 * one parse of every module (.js/.mjs) with the code checks' parser, the work the checks cannot
 * do without, nothing else.
 */
async function floor(bytes: Buffer, parse: boolean): Promise<void> {
  const packageHash = createHash('sha256').update(bytes);
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      const module = parse && /\.m?js$/.test(header.name);
      stream.on('data', (d: unknown) => {
        hash.update(d as Buffer);
        if (module) chunks.push(d as Buffer);
      });
      stream.on('end', () => {
        hash.digest();
        if (module && !parseModule(Buffer.concat(chunks)).ok) reject(new Error(`${header.name} does not parse`));
        else next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  Readable.from([bytes])
    .pipe(createGunzip())
    .pipe(extract as unknown as NodeJS.WritableStream);
  await done;
  packageHash.digest();
}

function validateBench(name: string, target: number, runs: number): Benchmark {
  return {
    name,
    async run() {
      const bytes = await realisticPackage(target);
      // Warm up: compiles the manifest validator and JIT-compiles both paths.
      for (let i = 0; i < 3; i++) {
        const check = await validatePackageBytes(bytes);
        if (!check.ok) throw new Error(`the benchmark package is not valid: ${JSON.stringify(check.errors)}`);
        await floor(bytes, true);
        await floor(bytes, false);
      }
      const samples: number[] = [];
      const floors: number[] = [];
      const readOnly: number[] = [];
      for (let i = 0; i < runs; i++) {
        samples.push(await timeMs(() => validatePackageBytes(bytes)));
        floors.push(await timeMs(() => floor(bytes, true)));
        readOnly.push(await timeMs(() => floor(bytes, false)));
      }
      const p50 = (xs: number[]) => percentile(xs, 50);
      return [
        distribution(name, 'ms', samples, {
          floorSamples: floors,
          goal: 'ratio <= 1.5',
          note: `full validation of a ${(bytes.length / 1048576).toFixed(2)} MiB package (code, README, binary assets); floor: gunzip + untar + sha256 of the package and of each file, and one parse of each module with the code checks' parser (acorn), in the same process. Reading alone, without the parse (the floor before the code checks): p50 ${p50(readOnly).toFixed(1)} ms, ${(p50(samples) / p50(readOnly)).toFixed(1)}x`,
        }),
      ];
    },
  };
}

export const validate1MiB = validateBench('validate.1mib', 1024 * 1024, 30);
export const validate20MiB = validateBench('validate.20mib', 20 * 1024 * 1024, 8);
