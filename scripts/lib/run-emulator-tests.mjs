// Runs inside `firebase emulators:exec`: the integration tests, then the browser tests, each as
// its own vitest run, and exits non-zero if either failed.
import { spawnSync } from 'node:child_process';
import { jsonReportArgs } from './test-summary.mjs';

const [phases = 'integration,browser', ...rest] = process.argv.slice(2);
let status = 0;
for (const phase of phases.split(',')) {
  // scripts/test.mjs repeats the failures from this report after the emulators have stopped.
  const args = ['vitest', 'run', '--project', phase, ...jsonReportArgs(`test-results/${phase}.json`), ...rest];
  const result = spawnSync('npx', args, { stdio: 'inherit' });
  status ||= result.status ?? 1;
}
if (process.env.MLE_STORAGE_RULES_RUNTIME === 'standin') {
  console.log(
    '\nNote: storage rules tests were SKIPPED: only the permit-all stand-in rules runtime is available here.',
  );
}
process.exit(status);
