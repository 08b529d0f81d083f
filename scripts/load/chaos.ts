// `npm run chaos -- [--ops 2000] [--kills 5] [--users 50] [--clean-ops 0] [--call-timeout-s 70] [--expire-leases] [--reset] [--no-results]`:
// the load workload while Functions instances are SIGKILLed mid-execution, then recovery
// (client retries with the same requestId, uploads re-driven, the scheduled sweep), then the
// invariant checker on the data itself. Exits non-zero on any violation. Writes
// `chaos.invariants_violated` and `chaos.recovery_s` into bench/results.json.
import { resetEmulators } from '@mlebotics/testing';
import { inFlight } from './callable.js';
import { parseOptions, requestIdNote } from './cli.js';
import { checkInvariants, formatResults, type InvariantResult } from './invariants.js';
import { emulatorPid, killBusyWorker, type Kill } from './killer.js';
import { recomputeAllRatings, settleUploads } from './recovery.js';
import { readSnapshot } from './snapshot.js';
import { mergeResults } from './stats.js';
import { prepare, runWorkload, type WorkloadOptions } from './workload.js';
import { closeWorld } from './world.js';

const options = parseOptions(
  { users: 50, ops: 2000, maxSeconds: 900, kills: 5, cleanOps: 0, recoverySeconds: 400, callTimeoutS: 70 },
  ['expireLeases', 'reset', 'noResults'] as const,
);
const own = process.env.MLE_LOAD_OWN_EMULATORS === '1';
if (!own && !options.reset) {
  console.error('The chaos run wipes the emulators first: pass --reset to run it against emulators it did not start.');
  process.exit(2);
}
if (!own) await resetEmulators();

const TRIGGERS = ['processUpload', 'onReviewWritten', 'onInstallWritten', 'listingDerivedFields'];

/** Polls the checker until it passes (aggregates follow their triggers) or `ms` have passed. */
async function checkUntilStable(ms: number): Promise<InvariantResult[]> {
  const deadline = performance.now() + ms;
  for (;;) {
    const results = checkInvariants(await readSnapshot());
    if (results.every((r) => r.ok) || performance.now() > deadline) return results;
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}

const violated = (results: InvariantResult[]) => results.filter((r) => !r.ok).length;
const base: WorkloadOptions = { ...options, retryTransient: true, settleMs: 90_000 };
const prepared = prepare(base);
let failed = false;

if (options.cleanOps > 0) {
  const clean = await runWorkload({ ...base, ops: options.cleanOps }, prepared);
  console.log(clean.stats.report(`clean run (${options.users} users, no kills)`));
  const results = await checkUntilStable(60_000);
  console.log(`\ninvariants after the clean run:\n${formatResults(results)}`);
  failed ||= violated(results) > 0;
}

// Kills at random moments of the run: before randomly chosen operations (10–90 % of the run).
const parent = await emulatorPid();
const killAt = new Set<number>();
while (killAt.size < Math.min(options.kills, options.ops))
  killAt.add(Math.floor(options.ops * (0.1 + 0.8 * Math.random())));
// One kill at a time, never the same process twice.
const kills: Array<Promise<Kill | undefined>> = [];
const killed = new Set<number>();
const killNext = async (busy: Set<string>) => {
  await kills.at(-1); // (evaluated before this kill is pushed: the previous one)
  const kill = await killBusyWorker(parent, busy, killed);
  if (kill) killed.add(kill.pid);
  return kill;
};
const run = await runWorkload(
  {
    ...base,
    onOperation: (index) => {
      if (!killAt.has(index)) return;
      const busy = new Set([...TRIGGERS, ...[...inFlight].filter(([, n]) => n > 0).map(([fn]) => fn)]);
      kills.push(killNext(busy));
    },
  },
  prepared,
);
const done = (await Promise.all(kills)).filter((k): k is Kill => k !== undefined);
console.log(run.stats.report(`chaos run (${options.users} users, ${done.length} kills)`));
for (const k of done) console.log(`  killed pid ${k.pid} (${k.target}, ${k.busyTicks} CPU ticks in the last 150 ms)`);
console.log(requestIdNote());

const lastKill = Math.max(0, ...done.map((k) => k.at));
let recoveryS = Number.NaN;
try {
  const settled = await settleUploads(run.stats, run.world, {
    call: run.ctx.call,
    expireLeases: options.expireLeases,
    timeoutMs: options.recoverySeconds * 1000,
  });
  recoveryS = Math.max(0, (settled - (lastKill || settled)) / 1000);
  console.log(`every upload settled ${recoveryS.toFixed(1)} s after the last kill`);
} catch (error) {
  console.log(`✖ recovery: ${(error as Error).message}`);
}
const before = await checkUntilStable(60_000);
console.log(`\ninvariants once the triggers caught up, before recomputeRatings:\n${formatResults(before)}`);
const corrected = await recomputeAllRatings(run.stats, run.world, run.ctx.call);
const results = await checkUntilStable(90_000);
console.log(
  `\nrecomputeRatings corrected ${corrected} listings. Invariants after recovery:\n${formatResults(results)}`,
);
failed ||= violated(results) > 0 || Number.isNaN(recoveryS);

const entries = [
  {
    name: 'chaos.invariants_violated',
    unit: 'invariants',
    value: violated(results),
    n: results.length,
    note: `${options.ops} operations, ${options.users} users, ${done.length} Functions instances SIGKILLed mid-run; after recovery (before recomputeRatings: ${violated(before)})`,
  },
  {
    name: 'chaos.recovery_s',
    unit: 's',
    value: Math.round(recoveryS * 10) / 10,
    note: `last kill → every upload published or rejected (${options.expireLeases ? "dead attempts' leases ended at once" : "dead attempts' 120 s leases waited out"}; uploader retries and the scheduled sweep)`,
  },
];
if (!options.noResults) await mergeResults(entries, ['chaos']);
await closeWorld(run.world);
console.log(failed ? '\n✖ chaos: invariants violated or recovery incomplete' : '\n✔ chaos: every invariant holds');
process.exit(failed ? 1 : 0);
