#!/usr/bin/env node
// `npm test`: unit tests, then the emulator-backed integration tests and the browser tests inside
// one `firebase emulators:exec` run, then a short chaos run with the invariant checker (scripts/load) on
// the same emulators. Options: `--only unit,attacks,integration,browser,chaos` and any further
// arguments are passed to vitest (for example a file filter).
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildFunctions, buildWeb } from './lib/build.mjs';
import { runFirebaseEmulators } from './lib/firebase.mjs';
import { echoEmulatorNotices, followFile } from './lib/follow.mjs';
import { spawnGroup } from './lib/processes.mjs';
import { jsonReportArgs, summarizeFailures } from './lib/test-summary.mjs';

const { values, positionals } = parseArgs({
  options: { only: { type: 'string' } },
  allowPositionals: true,
  strict: false,
});
const phases = new Set((values.only ?? 'unit,integration,browser,chaos').split(',').map((s) => s.trim()));
const started = Date.now();
const timings = [];

async function timed(name, fn) {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    timings.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

async function vitest(projects, extra = []) {
  const report = `test-results/${projects.join('+')}.json`;
  const args = [
    'vitest',
    'run',
    ...projects.flatMap((p) => ['--project', p]),
    ...extra,
    ...jsonReportArgs(report),
    ...positionals,
  ];
  const run = spawnGroup('npx', args, { env: process.env });
  const code = await run.exited;
  await run.reap();
  if (code !== 0) summarizeFailures(report, `Failed ${projects.join('+')} tests`);
  return code;
}

let failed = false;
try {
  if (phases.has('unit')) {
    const code = await timed('unit', () => vitest(['unit']));
    failed ||= code !== 0;
  }
  if (phases.has('unit') || phases.has('attacks')) {
    // A file filter meant for the unit tests may match no attack file.
    const code = await timed('attacks', () => vitest(['attacks'], ['--passWithNoTests']));
    failed ||= code !== 0;
  }
  const emulatorPhases = ['integration', 'browser', 'chaos'].filter((p) => phases.has(p));
  if (emulatorPhases.length > 0) {
    await timed('build', async () => {
      await buildFunctions();
      await buildWeb();
    });
    const code = await timed(emulatorPhases.join('+'), async () => {
      const inner = ['node', 'scripts/lib/run-emulator-tests.mjs', emulatorPhases.join(','), ...positionals]
        .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
        .join(' ');
      // The emulators' own logs (every function execution) go to a file; the console shows the
      // tests' output, which the inner script writes to another file followed here live.
      mkdirSync('test-results', { recursive: true });
      const emulatorLog = 'test-results/emulators.log';
      const testOutput = 'test-results/emulator-tests-output.log';
      writeFileSync(testOutput, '');
      const logFd = openSync(emulatorLog, 'w');
      const follow = followFile(testOutput);
      const emulators = await runFirebaseEmulators(['emulators:exec', inner], {
        only: ['auth', 'firestore', 'functions', 'storage', 'hosting'],
        extraEnv: { MLE_TEST_OUTPUT: testOutput },
        stdio: ['inherit', logFd, logFd],
      });
      const exit = await emulators.exited;
      await emulators.reap();
      await follow.stop();
      closeSync(logFd);
      echoEmulatorNotices(emulatorLog);
      console.log(`(emulator logs: ${emulatorLog})`);
      return exit;
    });
    if (code !== 0) {
      for (const phase of emulatorPhases.filter((p) => p !== 'chaos'))
        summarizeFailures(`test-results/${phase}.json`, `Failed ${phase} tests`);
    }
    failed ||= code !== 0;
  }
} catch (error) {
  console.error(`\n✖ ${error.message}`);
  failed = true;
}
console.log(
  `\nnpm test: ${failed ? 'FAILED' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s (${timings.join(', ')})`,
);
process.exitCode = failed ? 1 : 0;
