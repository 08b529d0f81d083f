#!/usr/bin/env node
// `npm run emulators`: the Firebase emulators for development, with data kept between runs in
// .emulator-data (imported at start, exported on exit). Ctrl-C stops everything.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib/emulator-env.mjs';
import { runFirebaseEmulators } from './lib/firebase.mjs';
import { buildFunctions, buildWeb } from './lib/build.mjs';

const DATA_DIR = path.join(ROOT, '.emulator-data');

try {
  await buildFunctions();
  await buildWeb();
  const args = ['emulators:start', `--export-on-exit=${DATA_DIR}`];
  if (existsSync(DATA_DIR)) args.push(`--import=${DATA_DIR}`);
  const emulators = await runFirebaseEmulators(args);
  process.exitCode = await emulators.exited;
  await emulators.reap();
} catch (error) {
  console.error(`\n✖ ${error.message}`);
  process.exitCode = 1;
}
