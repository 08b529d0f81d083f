#!/usr/bin/env node
// `npm run bench [-- --only a,b]`: starts the emulators (timing them: emulators.start_s), runs
// the benchmarks in bench/ against them, prints a table and writes bench/results.json.
import { buildFunctions, buildWeb } from './lib/build.mjs';
import { emulatorClientEnv, runFirebaseEmulators, waitForEmulators } from './lib/firebase.mjs';
import { spawnGroup } from './lib/processes.mjs';

const EMULATORS = ['auth', 'firestore', 'functions', 'storage', 'hosting'];
let emulators;
try {
  await buildFunctions();
  await buildWeb();
  const t0 = Date.now();
  emulators = await runFirebaseEmulators(['emulators:start'], { only: EMULATORS });
  await waitForEmulators(EMULATORS);
  const startSeconds = ((Date.now() - t0) / 1000).toFixed(1);
  const run = spawnGroup('npx', ['tsx', 'bench/run.ts', ...process.argv.slice(2)], {
    env: {
      ...process.env,
      ...emulatorClientEnv(),
      MLE_EMULATORS_START_S: startSeconds,
      MLE_STORAGE_RULES_RUNTIME: emulators.storageRules,
    },
  });
  process.exitCode = await run.exited;
  await run.reap();
} catch (error) {
  console.error(`\n✖ ${error.message}`);
  process.exitCode = 1;
} finally {
  await emulators?.stop();
}
