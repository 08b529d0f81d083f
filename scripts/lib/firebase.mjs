// Running firebase-tools from the repository: ports, readiness and the emulator command lines.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ROOT, prepareEmulatorEnv } from './emulator-env.mjs';
import { spawnGroup } from './processes.mjs';

export const FIREBASE_BIN = path.join(ROOT, 'node_modules', '.bin', 'firebase');
export const PROJECT_ID = JSON.parse(readFileSync(path.join(ROOT, '.firebaserc'), 'utf8')).projects.default;
const config = JSON.parse(readFileSync(path.join(ROOT, 'firebase.json'), 'utf8'));

/** Every port an emulator run listens on, from firebase.json. */
export function emulatorPorts(only) {
  const ports = [];
  for (const [name, settings] of Object.entries(config.emulators)) {
    if (typeof settings !== 'object' || !settings.port) continue;
    const always = ['hub', 'logging'].includes(name);
    if (only && !always && !only.includes(name)) continue;
    ports.push({ name, host: settings.host ?? '127.0.0.1', port: settings.port });
    if (settings.websocketPort) {
      ports.push({ name: `${name} websocket`, host: settings.host ?? '127.0.0.1', port: settings.websocketPort });
    }
  }
  return ports;
}

function portFree({ host, port }) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** Fails with every busy port named, and how to find and stop what holds it. */
export async function assertPortsFree(only) {
  const busy = [];
  for (const entry of emulatorPorts(only)) {
    if (!(await portFree(entry))) busy.push(entry);
  }
  if (busy.length === 0) return;
  const list = busy.map((b) => `  - ${b.host}:${b.port} (${b.name})`).join('\n');
  throw new Error(
    `Cannot start the emulators: these ports are already in use:\n${list}\n` +
      `  Another emulator run is probably still active. Find it with \`ss -ltnp 'sport = :${busy[0].port}'\`` +
      ' and stop it, or change the ports under "emulators" in firebase.json.',
  );
}

export const EMULATOR_HOSTS = {
  auth: `127.0.0.1:${config.emulators.auth.port}`,
  firestore: `127.0.0.1:${config.emulators.firestore.port}`,
  storage: `127.0.0.1:${config.emulators.storage.port}`,
  functions: `127.0.0.1:${config.emulators.functions.port}`,
  hosting: `127.0.0.1:${config.emulators.hosting.port}`,
  hub: `127.0.0.1:${config.emulators.hub.port}`,
};

/** Environment variables that point the Admin SDK and tests at the emulators. */
export function emulatorClientEnv() {
  return {
    GCLOUD_PROJECT: PROJECT_ID,
    FIREBASE_AUTH_EMULATOR_HOST: EMULATOR_HOSTS.auth,
    FIRESTORE_EMULATOR_HOST: EMULATOR_HOSTS.firestore,
    FIREBASE_STORAGE_EMULATOR_HOST: EMULATOR_HOSTS.storage,
    STORAGE_EMULATOR_HOST: `http://${EMULATOR_HOSTS.storage}`,
    FUNCTIONS_EMULATOR_HOST: EMULATOR_HOSTS.functions,
  };
}

/**
 * Runs `firebase <args>` for the emulators in its own process group with the prepared
 * environment (Java ≥ 21, offline jar overrides). Returns the spawnGroup handle.
 */
export async function runFirebaseEmulators(args, { only, extraEnv = {}, log = console.log, stdio } = {}) {
  const prepared = await prepareEmulatorEnv({ log });
  for (const [what, how] of Object.entries(prepared.modes)) log(`[emulators] ${what}: ${how}`);
  await assertPortsFree(only);
  const handle = spawnGroup(
    FIREBASE_BIN,
    [...args, '--project', PROJECT_ID, ...(only ? ['--only', only.join(',')] : [])],
    { cwd: ROOT, env: { ...prepared.env, ...extraEnv }, ...(stdio ? { stdio } : {}) },
  );
  return { ...handle, storageRules: prepared.storageRules };
}

/** Resolves when the hub lists every emulator in `names` and each answers, or throws after timeoutMs. */
export async function waitForEmulators(names, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  let last = 'hub not answering';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://${EMULATOR_HOSTS.hub}/emulators`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        const running = await res.json();
        const missing = names.filter((n) => !running[n]);
        if (missing.length === 0) return running;
        last = `waiting for ${missing.join(', ')}`;
      }
    } catch (error) {
      last = String(error?.message ?? error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The emulators did not come up within ${timeoutMs / 1000} s (${last}).`);
}
