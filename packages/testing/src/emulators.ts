import { readFileSync } from 'node:fs';

const root = new URL('../../../', import.meta.url);
const firebaseJson = JSON.parse(readFileSync(new URL('firebase.json', root), 'utf8')) as {
  emulators: Record<string, { host?: string; port?: number }>;
};
const firebaserc = JSON.parse(readFileSync(new URL('.firebaserc', root), 'utf8')) as { projects: { default: string } };

export const PROJECT_ID = process.env.GCLOUD_PROJECT ?? firebaserc.projects.default;
export const REGION = 'us-central1';
export const STORAGE_BUCKET = `${PROJECT_ID}.appspot.com`;

function hostOf(name: string): string {
  const entry = firebaseJson.emulators[name];
  if (!entry?.port) throw new Error(`firebase.json has no port for the ${name} emulator`);
  return `${entry.host ?? '127.0.0.1'}:${entry.port}`;
}

export const hosts = {
  auth: hostOf('auth'),
  firestore: hostOf('firestore'),
  storage: hostOf('storage'),
  functions: hostOf('functions'),
  hosting: hostOf('hosting'),
  hub: hostOf('hub'),
} as const;

/** Points the Admin SDK at the emulators (firebase emulators:exec sets these too). */
export function useEmulatorEnv(): void {
  process.env.GCLOUD_PROJECT ??= PROJECT_ID;
  process.env.FIRESTORE_EMULATOR_HOST ??= hosts.firestore;
  process.env.FIREBASE_AUTH_EMULATOR_HOST ??= hosts.auth;
  process.env.FIREBASE_STORAGE_EMULATOR_HOST ??= hosts.storage;
  process.env.STORAGE_EMULATOR_HOST ??= `http://${hosts.storage}`;
}

/** True when the storage emulator only has the permit-all rules stand-in (see scripts/lib/emulator-env.mjs). */
export const storageRulesStandIn = process.env.MLE_STORAGE_RULES_RUNTIME === 'standin';

async function expectOk(response: Response, what: string): Promise<void> {
  if (!response.ok) throw new Error(`${what} failed: ${response.status} ${await response.text()}`);
}

/**
 * Pauses or resumes Firestore/Storage triggers in the Functions emulator (no-op without it).
 * Pausing waits for running triggers; resuming reloads the functions.
 */
export async function backgroundTriggers(enabled: boolean): Promise<void> {
  const path = enabled ? 'enableBackgroundTriggers' : 'disableBackgroundTriggers';
  const res = await fetch(`http://${hosts.hub}/functions/${path}`, { method: 'PUT' }).catch(() => undefined);
  if (res && !res.ok && res.status !== 400) throw new Error(`${path} failed: ${res.status} ${await res.text()}`);
}

/**
 * Deletes every Firestore document, Auth account and Storage object in the emulators. Triggers
 * are paused meanwhile (pausing also waits for running ones): the deletions would otherwise
 * fire them and write after the wipe. Resuming reloads the functions (a few seconds), so test
 * files reset once in `beforeAll` and their tests use unique ids (`uniqueId`).
 */
export async function resetEmulators(): Promise<void> {
  await backgroundTriggers(false);
  try {
    await wipeAll();
  } finally {
    await backgroundTriggers(true);
  }
}

async function wipeAll(): Promise<void> {
  await Promise.all([
    wipeFirestore(PROJECT_ID),
    fetch(`http://${hosts.auth}/emulator/v1/projects/${PROJECT_ID}/accounts`, { method: 'DELETE' }).then((r) =>
      expectOk(r, 'Wiping Auth'),
    ),
    wipeStorage(),
  ]);
}

/**
 * Deletes every document of a project's Firestore emulator database. The emulator answers 499
 * when a listener of a finished client is cancelled mid-wipe; try again.
 */
export async function wipeFirestore(projectId = PROJECT_ID): Promise<void> {
  const url = `http://${hosts.firestore}/emulator/v1/projects/${projectId}/databases/(default)/documents`;
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url, { method: 'DELETE' });
    if (response.ok || attempt === 5) return expectOk(response, 'Wiping Firestore');
    await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
  }
}

async function wipeStorage(): Promise<void> {
  const base = `http://${hosts.storage}/v0/b/${STORAGE_BUCKET}/o`;
  const headers = { Authorization: 'Bearer owner' };
  for (;;) {
    const res = await fetch(base, { headers });
    if (res.status === 404) return;
    await expectOk(res, 'Listing Storage');
    const { items = [] } = (await res.json()) as { items?: Array<{ name: string }> };
    if (items.length === 0) return;
    await Promise.all(
      items.map((item) =>
        fetch(`${base}/${encodeURIComponent(item.name)}`, { method: 'DELETE', headers }).then((r) =>
          r.status === 404 ? undefined : expectOk(r, `Deleting ${item.name}`),
        ),
      ),
    );
  }
}

/**
 * Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. The
 * default is generous: triggers queue behind each other in the Functions emulator on a loaded
 * 2-core machine, and a wait that is long only when something is wrong costs nothing.
 */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`,
  );
}

let sequence = 0;
/** An id no other test in this run uses: `<prefix>-<time>-<n>`, lowercase, valid everywhere. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${(++sequence).toString(36)}`;
}
