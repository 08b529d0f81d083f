// Runs the mix: one worker per signed-in user, each doing one operation at a time, until the
// operation count or the time budget is used up. Shared by `npm run load`, the chaos run, the
// drill and the `load` benchmark.
import { converters, paths } from '@mlebotics/shared';
import { doc, getDoc } from 'firebase/firestore';
import { CallError, warmUp } from './callable.js';
import { KINDS, drawKind, type OpContext } from './ops.js';
import { Stats } from './stats.js';
import { buildWorld, type World } from './world.js';

/** The callables the mix uses (createUpload and updateListing are warm from the setup). */
const WARM = [
  'install',
  'uninstall',
  'createCheckout',
  'completeTestCheckout',
  'runPluginStep',
  'openPanel',
  'retryUpload',
];

export interface WorkloadOptions {
  users: number;
  ops: number;
  /** Stop starting operations after this many seconds. */
  maxSeconds: number;
  /** Retry transient failures with the same requestId (the chaos run: instances die). */
  retryTransient: boolean;
  settleMs: number;
  /** Abandon (and, with retryTransient, retry) a callable request after this many seconds. */
  callTimeoutS?: number;
  /** Called before each operation starts with its index (the chaos run schedules kills on it). */
  onOperation?: (index: number) => void;
}

export interface WorkloadRun {
  stats: Stats;
  world: World;
  ctx: OpContext;
  /** p50 input: single listing reads measured with nothing else running. */
  floorMs: number[];
}

const errorCode = (error: unknown): string => {
  if (error instanceof CallError) return error.code;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code.replace(/^(firestore|storage)\//, '');
  return /did not finish within/.test(String(error))
    ? 'unsettled'
    : /^Error: rejected/.test(String(error))
      ? 'rejected'
      : 'error';
};

/** Single document reads by one client with nothing else running: the floor beside each figure. */
async function measureFloor(world: World): Promise<number[]> {
  const m = world.members[0]!;
  const ref = doc(m.client.db, paths.plugin(world.plugins[0]!.id)).withConverter(converters.plugin);
  const samples: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    await getDoc(ref);
    if (i >= 5) samples.push(performance.now() - t0);
  }
  return samples;
}

export async function prepare(options: WorkloadOptions): Promise<Omit<WorkloadRun, 'floorMs'>> {
  const stats = new Stats();
  const deadline = performance.now() + options.maxSeconds * 1000 + 600_000;
  const call = {
    retryTransient: options.retryTransient,
    deadline,
    ...(options.callTimeoutS ? { timeoutMs: options.callTimeoutS * 1000 } : {}),
  };
  const t0 = performance.now();
  const world = await buildWorld(stats, options.users, call);
  console.log(
    `[load] ${options.users} users, ${world.members.filter((m) => m.developer).length} developers, ` +
      `${world.plugins.length} plugins published through the pipeline (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  await warmUp(world.members[0]!.token, WARM);
  const ctx: OpContext = { stats, world, call, settleMs: options.settleMs, uploads: new Map() };
  return { stats, world, ctx };
}

/** Runs the mix on a prepared world; the setup's own requests are not counted. */
export async function runWorkload(options: WorkloadOptions, prepared = prepare(options)): Promise<WorkloadRun> {
  const { world, ctx } = await prepared;
  const floorMs = await measureFloor(world);
  const stats = new Stats();
  ctx.stats = stats;
  const stopAt = performance.now() + options.maxSeconds * 1000;
  let next = 0;
  stats.start();
  // Users arrive five at a time: the Functions emulator starts a process per concurrent request,
  // and fifty cold starts at once on two cores fail to load (production keeps warm instances).
  const worker = async (index: number) => {
    await new Promise((resolve) => setTimeout(resolve, Math.floor(index / 5) * 1000));
    const m = world.members[index]!;
    while (next < options.ops && performance.now() < stopAt) {
      // (not inside `onOperation?.(…)`: an optional call skips evaluating its arguments)
      const index = next++;
      options.onOperation?.(index);
      const kind = drawKind(ctx, m);
      const t0 = performance.now();
      try {
        await KINDS[kind]!.run(ctx, m);
        stats.ok(kind, performance.now() - t0);
      } catch (error) {
        stats.failed(kind, errorCode(error), String((error as Error).message ?? error));
      }
    }
  };
  const progress = setInterval(() => console.log(`[load] ${stats.progress()}`), 15_000);
  await Promise.all(world.members.map((_, i) => worker(i)));
  clearInterval(progress);
  stats.stop();
  if (next < options.ops) console.log(`[load] time budget reached after ${next} of ${options.ops} operations`);
  return { stats, world, ctx, floorMs };
}
