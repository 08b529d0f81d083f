/**
 * A search instance's cold load, alone in a fresh process as an instance is: read the gzipped
 * snapshot, unzip, `SearchEngine.load`; prints the wall time and the heap the loaded engine keeps
 * (after a full collection) as JSON. Run by the search benchmark:
 *
 *   node --expose-gc --import tsx bench/benchmarks/search-cold-load.ts <snapshot.gz>
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { SearchEngine } from '../../functions/src/search/engine.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('Run with --expose-gc.');
const gz = await readFile(process.argv[2]!);
gc();
const before = process.memoryUsage().heapUsed;
const started = performance.now();
const engine = SearchEngine.load(gunzipSync(gz));
const loadMs = performance.now() - started;
gc();
const heapMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
console.log(JSON.stringify({ loadMs, heapMb, size: engine.size }));
