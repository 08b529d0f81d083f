// `npm run drill -- [--users 10] [--ops 150]`: the backup/restore drill on the emulators. A small
// workload, the emulator hub's export (Firestore, Auth, Storage), a wipe, a restart of the
// emulators with `--import`, then the invariant checker and the document counts compared with
// before, and a user signing in again. Exits non-zero on any difference or violation.
import { mkdirSync, openSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ID, connectClient, hosts, resetEmulators } from '@mlebotics/testing';
import { emulatorClientEnv, runFirebaseEmulators, waitForEmulators } from '../lib/firebase.mjs';
import { callOnce } from './callable.js';
import { parseOptions } from './cli.js';
import { EMULATORS, waitForFunctions } from './emulators.mjs';
import { checkInvariants, formatResults } from './invariants.js';
import { settleUploads } from './recovery.js';
import { documentCounts, readSnapshot } from './snapshot.js';
import { runWorkload } from './workload.js';
import { closeWorld } from './world.js';

interface Emulators {
  stop(): Promise<void>;
}
// scripts/lib/firebase.mjs is untyped JavaScript: its options, as it reads them.
const runEmulators = runFirebaseEmulators as unknown as (
  args: string[],
  o: { only: string[]; stdio: unknown[] },
) => Promise<Emulators>;
mkdirSync('test-results', { recursive: true });
const log = openSync('test-results/drill-emulators.log', 'w');
console.log('[drill] emulator logs: test-results/drill-emulators.log');

async function start(extraArgs: string[] = []): Promise<Emulators> {
  const emulators = await runEmulators(['emulators:start', ...extraArgs], {
    only: EMULATORS,
    stdio: ['ignore', log, log],
  });
  await waitForEmulators(EMULATORS);
  await waitForFunctions();
  return emulators;
}

const seconds = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const countsLine = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');

Object.assign(process.env, emulatorClientEnv());
const options = parseOptions({ users: 10, ops: 150, maxSeconds: 300 });
const exportDir = await mkdtemp(path.join(tmpdir(), 'mle-drill-'));
let emulators: Emulators | undefined = await start();
let failed: boolean;
try {
  const run = await runWorkload({ ...options, settleMs: 120_000 });
  console.log(run.stats.report(`drill workload (${options.users} users)`));
  await settleUploads(run.stats, run.world, { call: run.ctx.call, expireLeases: false, timeoutMs: 300_000 });
  const before = await documentCounts();
  const invariantsBefore = checkInvariants(await readSnapshot());
  console.log(`\nbefore: ${countsLine(before)}\n${formatResults(invariantsBefore)}`);
  const member = run.world.members[1]!.user;
  await closeWorld(run.world);

  let t0 = performance.now();
  const response = await fetch(`http://${hosts.hub}/_admin/export`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ path: exportDir, initiatedBy: 'drill' }),
  });
  if (!response.ok) throw new Error(`export failed: ${response.status} ${await response.text()}`);
  console.log(`\nexported to ${exportDir} in ${seconds(t0)}`);

  await resetEmulators();
  const wiped = await documentCounts();
  console.log(`wiped: ${countsLine(wiped) || 'nothing left'}`);
  if (Object.values(wiped).some((n) => n > 0)) throw new Error('the wipe left data behind');

  t0 = performance.now();
  await emulators.stop();
  emulators = undefined;
  emulators = await start(['--import', exportDir]);
  console.log(`restarted with --import in ${seconds(t0)}`);

  const after = await documentCounts();
  const invariantsAfter = checkInvariants(await readSnapshot());
  console.log(`after: ${countsLine(after)}\n${formatResults(invariantsAfter)}`);
  const differences = Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);
  for (const k of differences) console.log(`  ✖ ${k}: ${before[k] ?? 0} before, ${after[k] ?? 0} after`);

  // Accounts come back too: a user signs in again and calls a function.
  const client = await connectClient(member);
  const token = () => client.auth.currentUser!.getIdToken();
  const deadline = performance.now() + 60_000;
  await callOnce(run.stats, token, 'health', {}, { retryTransient: true, deadline, mutates: false });
  await client.close();
  console.log(`${member.email} signed in again after the restore and called health in project ${PROJECT_ID}`);

  failed = differences.length > 0 || invariantsAfter.some((r) => !r.ok);
} catch (error) {
  console.error(`✖ drill: ${(error as Error).message}`);
  failed = true;
} finally {
  await emulators?.stop();
  await rm(exportDir, { recursive: true, force: true });
}
console.log(failed ? '\n✖ drill failed' : '\n✔ drill: restored data equal to the exported data, every invariant holds');
process.exit(failed ? 1 : 0);
