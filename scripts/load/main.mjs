#!/usr/bin/env node
// `npm run load|chaos|drill -- [options]`: runs scripts/load/<mode>.ts against the emulators the
// environment names (inside `firebase emulators:exec`, or next to `npm start`), refusing anything
// but local emulators of a demo project; without emulator variables it builds the functions and
// starts its own emulators for the run. The drill always starts (and restarts) its own.
import { mkdirSync, openSync } from 'node:fs';
import { buildFunctions } from '../lib/build.mjs';
import { PROJECT_ID, emulatorClientEnv, runFirebaseEmulators, waitForEmulators } from '../lib/firebase.mjs';
import { spawnGroup } from '../lib/processes.mjs';
import { assertLocalEmulators } from './guard.mjs';
import { EMULATORS, waitForFunctions } from './emulators.mjs';

const [mode, ...args] = process.argv.slice(2);
if (!['load', 'chaos', 'drill'].includes(mode)) {
  console.error('usage: node scripts/load/main.mjs load|chaos|drill [options]');
  process.exit(2);
}

async function runScript(env) {
  const run = spawnGroup('npx', ['tsx', `scripts/load/${mode}.ts`, ...args], { env });
  const code = await run.exited;
  await run.reap();
  return code;
}

let emulators;
try {
  if (mode === 'drill') {
    await buildFunctions();
    process.exitCode = await runScript(process.env);
  } else if (process.env.FIRESTORE_EMULATOR_HOST) {
    assertLocalEmulators(process.env, PROJECT_ID);
    process.exitCode = await runScript(process.env);
  } else {
    await buildFunctions();
    // The emulators' own logs (every function execution) go to a file, the run's report to the console.
    mkdirSync('test-results', { recursive: true });
    const log = openSync(`test-results/${mode}-emulators.log`, 'w');
    console.log(`[${mode}] emulator logs: test-results/${mode}-emulators.log`);
    emulators = await runFirebaseEmulators(['emulators:start'], { only: EMULATORS, stdio: ['ignore', log, log] });
    await waitForEmulators(EMULATORS);
    await waitForFunctions();
    const env = { ...process.env, ...emulatorClientEnv(), MLE_LOAD_OWN_EMULATORS: '1' };
    assertLocalEmulators(env, PROJECT_ID);
    process.exitCode = await runScript(env);
  }
} catch (error) {
  console.error(`\n✖ ${error.message}`);
  process.exitCode = 1;
} finally {
  await emulators?.stop();
}
