// What a load run measured: latencies per operation kind, every refusal and failure by code,
// and the `load.*` / `chaos.*` entries merged into bench/results.json.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { percentile, type BenchResult as Entry } from '../../bench/lib.js';

export type { Entry };

const round = (x: number) => Math.round(x * 10) / 10;
const bump = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

/** Counters of one run. Attempts are single requests; operations are what a user set out to do. */
export class Stats {
  readonly latencies = new Map<string, number[]>();
  /** Operations that ended in an error, by `kind code`. */
  readonly failures = new Map<string, number>();
  /** Every refused or failed request (retried or not), by code: resource-exhausted counted here. */
  readonly attemptErrors = new Map<string, number>();
  /** First message seen per `kind code`, for the report. */
  readonly samples = new Map<string, string>();
  /** Seconds waited because of `retryAfterSeconds`. */
  retryWaitS = 0;
  ops = 0;
  private startedAt = performance.now();
  private endedAt: number | undefined;

  start(): void {
    this.startedAt = performance.now();
  }
  stop(): void {
    this.endedAt = performance.now();
  }
  get seconds(): number {
    return ((this.endedAt ?? performance.now()) - this.startedAt) / 1000;
  }

  ok(kind: string, ms: number): void {
    this.ops++;
    const list = this.latencies.get(kind) ?? [];
    list.push(ms);
    this.latencies.set(kind, list);
  }
  failed(kind: string, code: string, message: string): void {
    this.ops++;
    bump(this.failures, `${kind} ${code}`);
    if (!this.samples.has(`${kind} ${code}`)) this.samples.set(`${kind} ${code}`, message.slice(0, 300));
  }
  attemptError(fn: string, code: string, message: string): void {
    bump(this.attemptErrors, code);
    if (!this.samples.has(`${fn} ${code}`)) this.samples.set(`${fn} ${code}`, message.slice(0, 300));
  }

  /** One line while running: operations so far, rate, refusals and failures. */
  progress(): string {
    const total = (map: Map<string, number>) => [...map.values()].reduce((a, b) => a + b, 0);
    const codes = [...this.attemptErrors].map(([code, n]) => `${code} ${n}`).join(', ');
    return `${this.ops} operations, ${round(this.opsPerSecond)} ops/s, ${total(this.failures)} failed; requests refused or failed: ${codes || 'none'}`;
  }

  get opsPerSecond(): number {
    return this.seconds > 0 ? this.ops / this.seconds : 0;
  }

  report(title: string): string {
    const kinds = [...this.latencies.keys(), ...[...this.failures.keys()].map((k) => k.split(' ')[0]!)];
    const rows = [...new Set(kinds)].sort().map((kind) => {
      const l = this.latencies.get(kind) ?? [];
      const failed = [...this.failures].filter(([k]) => k.startsWith(`${kind} `)).reduce((s, [, n]) => s + n, 0);
      const cells = [50, 95, 99].map((p) => (l.length ? String(round(percentile(l, p))) : '-'));
      return [kind, String(l.length), String(failed), ...cells];
    });
    const header = ['kind', 'ok', 'failed', 'p50 ms', 'p95 ms', 'p99 ms'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
    const out = [
      `\n${title}: ${this.ops} operations in ${round(this.seconds)} s = ${round(this.opsPerSecond)} ops/s`,
      line(header),
      line(widths.map((w) => '-'.repeat(w))),
      ...rows.map(line),
    ];
    const list = (label: string, map: Map<string, number>) => {
      out.push(`${label}:${map.size === 0 ? ' none' : ''}`);
      for (const [key, n] of [...map].sort((a, b) => b[1] - a[1])) out.push(`  ${String(n).padStart(5)}  ${key}`);
    };
    list('failed operations by kind and code', this.failures);
    list('refused or failed requests by code (including those retried)', this.attemptErrors);
    if (this.retryWaitS > 0) out.push(`waited ${round(this.retryWaitS)} s in total on retryAfterSeconds`);
    if (this.samples.size) out.push('first message per code:');
    for (const [key, message] of this.samples) out.push(`  ${key}: ${message}`);
    return out.join('\n');
  }

  /**
   * `load.*` entries: throughput, and per kind the p95 latency with the raw floor beside it (the
   * p50 of the same run's plain Firestore document read, the cheapest request a client makes).
   */
  entries(prefix: string, users: number, floorMs: number[]): Entry[] {
    const floor = percentile(floorMs, 50);
    const entries: Entry[] = [
      {
        name: `${prefix}.ops_per_s`,
        unit: 'ops/s',
        value: round(this.opsPerSecond),
        n: this.ops,
        note: `${users} signed-in users, mixed workload against the emulators (2 cores); ${this.failures.size ? 'failures: ' + [...this.failures].map(([k, n]) => `${k} ×${n}`).join(', ') : 'no failed operations'}`,
      },
    ];
    for (const [kind, samples] of [...this.latencies].sort()) {
      const p95 = round(percentile(samples, 95));
      entries.push({
        name: `${prefix}.${kind}.p95_ms`,
        unit: 'ms',
        value: p95,
        p50: round(percentile(samples, 50)),
        p95,
        n: samples.length,
        ...(floorMs.length ? { floor: round(floor), ratio: round(p95 / floor) } : {}),
        note: `${kind} under ${users} concurrent users; floor: p50 of a single Firestore document read by a client in the same run`,
      });
    }
    for (const [code, n] of this.attemptErrors)
      entries.push({
        name: `${prefix}.errors.${code}`,
        unit: 'requests',
        value: n,
        note: 'refused or failed requests',
      });
    return entries;
  }
}

const RESULTS = fileURLToPath(new URL('../../bench/results.json', import.meta.url));

/** Replaces the entries whose names start with one of `prefixes` in bench/results.json, keeping the rest. */
export async function mergeResults(entries: Entry[], prefixes: string[]): Promise<void> {
  let existing: Entry[] = [];
  try {
    existing = JSON.parse(await readFile(RESULTS, 'utf8')) as Entry[];
  } catch {
    // No file yet.
  }
  const kept = existing.filter((e) => !prefixes.some((p) => e.name.startsWith(`${p}.`)));
  await writeFile(RESULTS, `${JSON.stringify([...kept, ...entries], null, 2)}\n`);
  console.log(`merged ${entries.length} ${prefixes.join('/')} entries into bench/results.json`);
}
