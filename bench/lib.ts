/** One line of bench/results.json. */
export interface BenchResult {
  name: string;
  unit: string;
  /** The headline figure (p50 for distributions). */
  value: number;
  p50?: number;
  p95?: number;
  n?: number;
  /** The raw floor measured in the same run (same unit), where one exists. */
  floor?: number;
  /** value / floor. */
  ratio?: number;
  /** What the figure and its floor are, in one sentence. */
  note?: string;
  goal?: string;
}

export interface Benchmark {
  name: string;
  run(): Promise<BenchResult[]>;
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** A distribution result with p50/p95 and, when given, the floor's p50 and the ratio. */
export function distribution(
  name: string,
  unit: string,
  samples: number[],
  extra: { floorSamples?: number[]; note?: string; goal?: string } = {},
): BenchResult {
  const p50 = percentile(samples, 50);
  const result: BenchResult = {
    name,
    unit,
    value: round(p50),
    p50: round(p50),
    p95: round(percentile(samples, 95)),
    n: samples.length,
  };
  if (extra.floorSamples?.length) {
    const floor = percentile(extra.floorSamples, 50);
    result.floor = round(floor);
    result.ratio = round(p50 / floor);
  }
  if (extra.note) result.note = extra.note;
  if (extra.goal) result.goal = extra.goal;
  return result;
}

/** Milliseconds taken by `fn`. */
export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * Brings up `instances` idle instances of a function before a concurrent measurement: the
 * Functions emulator starts one process per concurrent request, and 20 cold starts at once on
 * two cores fail ("Failed to load function"). Production autoscaling keeps warm instances; here
 * the concurrency ramps up five at a time.
 */
export async function warmInstances(instances: number, call: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  for (let concurrency = 5; concurrency <= instances; concurrency += 5) {
    await Promise.all(Array.from({ length: concurrency }, () => call(next++)));
  }
}

/** Runs `fn` over items with at most `limit` at a time. */
export async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += limit)
    results.push(...(await Promise.all(items.slice(i, i + limit).map((item, j) => fn(item, i + j)))));
  return results;
}
