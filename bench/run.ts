// Runs inside the emulator session started by scripts/bench.mjs: the named benchmarks, a table,
// and bench/results.json.
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { callableRoundtrip } from './benchmarks/callable.js';
import { cliPublish } from './benchmarks/cli-publish.js';
import { cliRun } from './benchmarks/cli-run.js';
import { discovery, installConcurrent20 } from './benchmarks/discovery.js';
import { load } from './benchmarks/load.js';
import { publishConcurrent20, publishE2e } from './benchmarks/publish.js';
import { publishUiE2e } from './benchmarks/publish-ui.js';
import { reviewsPropagation } from './benchmarks/reviews.js';
import { sandbox } from './benchmarks/sandbox.js';
import { scan20MiB, scanFalsePositives } from './benchmarks/scan.js';
import { searchBench } from './benchmarks/search.js';
import { validate1MiB, validate20MiB } from './benchmarks/validate.js';
import type { Benchmark, BenchResult } from './lib.js';

// Discovery seeds 5,000 listings last: the Firestore emulator queues an event per write and
// trigger registration (the Functions emulator registers its triggers again at every resume and
// never unregisters the old ones), and that backlog delays every trigger after it for minutes,
// which would stall reviews.propagation_ms. Nothing after it needs a trigger.
const BENCHMARKS: Benchmark[] = [
  callableRoundtrip,
  validate1MiB,
  validate20MiB,
  scan20MiB,
  scanFalsePositives,
  publishE2e,
  publishConcurrent20,
  publishUiE2e,
  cliPublish,
  reviewsPropagation,
  sandbox,
  cliRun,
  load,
  searchBench,
  discovery,
  installConcurrent20,
];

const { values } = parseArgs({ options: { only: { type: 'string' } }, strict: false });
const only = typeof values.only === 'string' ? values.only.split(',').map((s) => s.trim()) : undefined;
// A benchmark may produce several results; --only takes benchmark or result names.
const PRODUCES: Record<string, string[]> = {
  discovery: [
    'discovery.first_render_ms',
    'discovery.first_render_signed_out_ms',
    'discovery.search_update_ms',
    'discovery.query_ms',
    'web.initial_js_gz_kb',
  ],
  'publish.concurrent20': ['publish.concurrent20_one_plugin'],
  search: ['search.query_ms', 'search.freshness_ms', 'search.cold_load_ms', 'search.index_mb', 'search.quality'],
  sandbox: [
    'sandbox.cold_start_ms',
    'sandbox.bridge_calls_per_s',
    'sandbox.service_calls_per_s',
    'sandbox.deadline_overrun_ms',
    'sandbox.host_blocked_ms',
    'sandbox.normal_step_under_attack_ms',
    'sandbox.compute_ratio',
  ],
};
const names = (b: Benchmark) => [b.name, ...(PRODUCES[b.name] ?? [])];
// The load group's entries are named by operation kind (load.install.p95_ms …): its name selects it.
const known = new Set(['emulators.start_s', ...BENCHMARKS.flatMap(names)]);
const unknown = only?.filter((o) => !known.has(o)) ?? [];
if (unknown.length) {
  console.error(`Unknown benchmark ${unknown.join(', ')}. Available: ${[...known].join(', ')}.`);
  process.exit(2);
}
const selected = only ? BENCHMARKS.filter((b) => names(b).some((n) => only.includes(n))) : BENCHMARKS;

const results: BenchResult[] = [];
const startSeconds = Number(process.env.MLE_EMULATORS_START_S);
if (!Number.isNaN(startSeconds) && (!only || only.includes('emulators.start_s'))) {
  results.push({
    name: 'emulators.start_s',
    unit: 's',
    value: startSeconds,
    note: 'from spawning firebase-tools to every emulator answering',
  });
}
for (const benchmark of selected) {
  process.stdout.write(`[bench] ${benchmark.name}…\n`);
  results.push(...(await benchmark.run()));
}

const columns = ['name', 'unit', 'value', 'p50', 'p95', 'n', 'floor', 'ratio', 'goal'] as const;
const rows = results.map((r) => columns.map((c) => (r[c] === undefined ? '' : String(r[c]))));
const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((row) => row[i]!.length)));
const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
console.log(`\n${line(columns)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`);
for (const r of results) if (r.note) console.log(`  ${r.name}: ${r.note}`);
const resultsFile = new URL('./results.json', import.meta.url);
/**
 * A run with --only measures part of the suite: its results replace the entries of the same
 * name in bench/results.json, in place, and every other entry stays (a full run writes the file
 * anew).
 */
async function merged(fresh: BenchResult[]): Promise<BenchResult[]> {
  if (!only) return fresh;
  let earlier: BenchResult[] = [];
  try {
    earlier = JSON.parse(await readFile(resultsFile, 'utf8')) as BenchResult[];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const byName = new Map(fresh.map((r) => [r.name, r]));
  const earlierNames = new Set(earlier.map((r) => r.name));
  return [...earlier.map((r) => byName.get(r.name) ?? r), ...fresh.filter((r) => !earlierNames.has(r.name))];
}

const written = await merged(results);
await writeFile(resultsFile, `${JSON.stringify(written, null, 2)}\n`);
console.log(
  only
    ? `\nmerged ${results.length} result(s) into bench/results.json (${written.length} entries)`
    : '\nwrote bench/results.json',
);
process.exit(0);
