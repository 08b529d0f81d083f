#!/usr/bin/env node
// `npm start`: the whole marketplace on this machine. Builds the functions, starts the emulators,
// seeds the demo data (demo plugins are published through the real upload pipeline), starts
// the web app and prints where to go. Ctrl-C stops everything.
import { spawn } from 'node:child_process';
import { ROOT } from './lib/emulator-env.mjs';
import { EMULATOR_HOSTS, emulatorClientEnv, runFirebaseEmulators, waitForEmulators } from './lib/firebase.mjs';
import { buildCli, buildFunctions } from './lib/build.mjs';
import { spawnGroup } from './lib/processes.mjs';

const WEB_URL = 'http://localhost:5173';
const EMULATORS = ['auth', 'firestore', 'functions', 'storage'];
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function runToEnd(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

async function waitForUrl(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // Not up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

async function waitForFunctionDefinitions(timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://${EMULATOR_HOSTS.functions}/backends`, {
        signal: AbortSignal.timeout(2000),
      });
      const { backends = [] } = await response.json();
      if (backends.some((backend) => backend.functionTriggers?.length > 0)) return;
    } catch {
      // Not up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The functions were not loaded within ${timeoutMs / 1000} s; see the emulator output above.`);
}

let emulators;
let web;
try {
  await Promise.all([buildFunctions(), buildCli()]);
  emulators = await runFirebaseEmulators(['emulators:start'], { only: EMULATORS });
  const stopped = emulators.exited.then((code) => {
    throw new Error(`The emulators stopped unexpectedly (exit code ${code}); see the output above.`);
  });
  await Promise.race([waitForEmulators(EMULATORS), stopped]);
  // The Functions emulator answers before it has loaded the function definitions (all at once);
  // its /backends list shows them once they are.
  await Promise.race([waitForFunctionDefinitions(), stopped]);
  console.log(`\n[start] emulators ready after ${elapsed()}; seeding demo data…`);
  const env = { ...process.env, ...emulatorClientEnv() };
  await Promise.race([runToEnd('npx', ['tsx', 'scripts/seed/seed.ts'], env), stopped]);
  web = spawnGroup('npx', ['vite', 'web', '--logLevel', 'warn'], { cwd: ROOT, env: process.env });
  await Promise.race([waitForUrl(WEB_URL, 60_000), stopped]);
  const { DEMO_PASSWORD, DEMO_USERS } = await import('./seed/demo-accounts.mjs');
  console.log(
    [
      '',
      '────────────────────────────────────────────────────────────────────',
      `  MLEbotics Plugin Marketplace is running (ready in ${elapsed()})`,
      '',
      `  Web app:   ${WEB_URL}`,
      '',
      `  Demo sign-ins (password: ${DEMO_PASSWORD})`,
      ...Object.values(DEMO_USERS).map((u) => `    ${u.email.padEnd(24)} ${u.role}`),
      '',
      '  Press Ctrl-C to stop everything.',
      '────────────────────────────────────────────────────────────────────',
      '',
    ].join('\n'),
  );
  const code = await Promise.race([emulators.exited, web.exited]);
  process.exitCode = code;
} catch (error) {
  console.error(`\n✖ ${error.message}`);
  process.exitCode = 1;
} finally {
  await Promise.all([web?.stop(), emulators?.stop()]);
}
