// Runs inside `firebase emulators:exec`: the integration tests, then the browser tests, each as
// its own vitest run, and exits non-zero if either failed.
import { spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, openSync } from 'node:fs';
import { jsonReportArgs } from './test-summary.mjs';

const [phases = 'integration,browser', ...rest] = process.argv.slice(2);
// A clean run checked by the invariant checker, then a short chaos run (Functions instances
// killed mid-execution) checked again; it wipes the emulators first (scripts/load/chaos.ts).
const CHAOS_ARGS = [
  '--reset',
  '--no-results',
  '--expire-leases',
  '--users',
  '10',
  '--clean-ops',
  '50',
  '--ops',
  '200',
  '--kills',
  '2',
  '--call-timeout-s',
  '20',
];
let status = 0;
for (const phase of phases.split(',')) {
  // scripts/test.mjs repeats the failures from this report after the emulators have stopped.
  const args =
    phase === 'chaos'
      ? ['tsx', 'scripts/load/chaos.ts', ...CHAOS_ARGS]
      : ['vitest', 'run', '--project', phase, ...jsonReportArgs(`test-results/${phase}.json`), ...rest];
  // scripts/test.mjs sends this process's stdout (with the emulators' logs) to a file and shows
  // the tests' output from MLE_TEST_OUTPUT, which it follows live.
  const out = process.env.MLE_TEST_OUTPUT ? openSync(process.env.MLE_TEST_OUTPUT, 'a') : 'inherit';
  const result = spawnSync('npx', args, { stdio: ['inherit', out, out] });
  if (typeof out === 'number') closeSync(out);
  status ||= result.status ?? 1;
}
if (process.env.MLE_STORAGE_RULES_RUNTIME === 'standin') {
  const note =
    '\nNote: storage rules tests were SKIPPED: only the permit-all stand-in rules runtime is available here.\n';
  if (process.env.MLE_TEST_OUTPUT) appendFileSync(process.env.MLE_TEST_OUTPUT, note);
  else console.log(note);
}
process.exit(status);
