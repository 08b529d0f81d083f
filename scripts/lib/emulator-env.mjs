// Prepares the environment in which firebase-tools starts the emulators, on machines with and
// without internet. See docs/architecture.md, "Emulator harness".
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findJava } from './java.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GENERATED_DIR = path.join(ROOT, '.cache', 'emulators');
const STANDIN_SOURCE = path.join(ROOT, 'scripts', 'storage-rules-standin', 'StorageRulesStandin.java');
const FIRESTORE_MAIN_CLASS = 'com.google.cloud.datastore.emulator.firestore.CloudFirestore';
const GCLOUD_FIRESTORE_JAR = 'platform/cloud-firestore-emulator/cloud-firestore-emulator.jar';
const PROBE_TIMEOUT_MS = 3000;

const require = createRequire(import.meta.url);

/** What firebase-tools itself would download, and where it caches it. */
function downloadableInfo() {
  const info = require('firebase-tools/lib/emulator/downloadableEmulatorInfo.json');
  const cacheDir = process.env.FIREBASE_EMULATORS_PATH || path.join(os.homedir(), '.cache', 'firebase', 'emulators');
  const describe = (entry) => ({
    version: entry.version,
    remoteUrl: entry.remoteUrl,
    cachedPath: path.join(cacheDir, entry.downloadPathRelativeToCacheDir),
  });
  return { cacheDir, firestore: describe(info.firestore), storage: describe(info.storage) };
}

function gcloudSdkRoots(env) {
  return [
    env.CLOUDSDK_ROOT_DIR,
    '/usr/lib/google-cloud-sdk',
    '/usr/share/google-cloud-sdk',
    '/opt/google-cloud-sdk',
    path.join(os.homedir(), 'google-cloud-sdk'),
  ].filter(Boolean);
}

async function reachable(url) {
  try {
    const response = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return response.ok;
  } catch {
    return false;
  }
}

function run(command, args, what) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${what} failed (${command} ${args.join(' ')}):\n${result.stderr || result.stdout}`);
  }
}

/** A jar with no classes whose manifest starts the gcloud Firestore emulator (it has no Main-Class). */
function firestoreLauncherJar(javaHome, gcloudJar) {
  const key = createHash('sha256').update(gcloudJar).digest('hex').slice(0, 12);
  const jarPath = path.join(GENERATED_DIR, `firestore-launcher-${key}.jar`);
  if (existsSync(jarPath)) return jarPath;
  mkdirSync(GENERATED_DIR, { recursive: true });
  const manifest = path.join(GENERATED_DIR, 'firestore-launcher.mf');
  writeFileSync(manifest, `Main-Class: ${FIRESTORE_MAIN_CLASS}\nClass-Path: ${new URL(`file://${gcloudJar}`).href}\n`);
  run(
    path.join(javaHome, 'bin', 'jar'),
    ['--create', '--file', jarPath, '--manifest', manifest],
    'Building the Firestore launcher jar',
  );
  return jarPath;
}

/** Compiles the permit-all storage rules runtime stand-in from its source in the repository. */
function storageRulesStandinJar(javaHome) {
  const source = readFileSync(STANDIN_SOURCE);
  const key = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const jarPath = path.join(GENERATED_DIR, `storage-rules-standin-${key}.jar`);
  if (existsSync(jarPath)) return jarPath;
  const classes = path.join(GENERATED_DIR, `standin-classes-${key}`);
  rmSync(classes, { recursive: true, force: true });
  mkdirSync(classes, { recursive: true });
  run(path.join(javaHome, 'bin', 'javac'), ['-d', classes, STANDIN_SOURCE], 'Compiling the storage rules stand-in');
  run(
    path.join(javaHome, 'bin', 'jar'),
    ['--create', '--file', jarPath, '--main-class', 'StorageRulesStandin', '-C', classes, '.'],
    'Packaging the storage rules stand-in',
  );
  rmSync(classes, { recursive: true, force: true });
  return jarPath;
}

const BANNER_LINE = '!'.repeat(78);

/**
 * Decides how each Java emulator runs here and returns the environment for firebase-tools:
 * PATH with a Java ≥ 21 first, and the *_EMULATOR_BINARY_PATH overrides where needed.
 * `storageRules` is 'real' or 'standin'; tests read MLE_STORAGE_RULES_RUNTIME to know.
 */
export async function prepareEmulatorEnv({ log = console.log, env = process.env } = {}) {
  const java = findJava(env);
  const info = downloadableInfo();
  const out = {
    ...env,
    JAVA_HOME: java.javaHome,
    PATH: `${path.join(java.javaHome, 'bin')}${path.delimiter}${env.PATH ?? ''}`,
  };
  const modes = { java: `${java.javaHome} (Java ${java.major})` };

  if (existsSync(info.firestore.cachedPath)) {
    modes.firestore = `firebase-tools cache (${info.firestore.cachedPath})`;
    delete out.FIRESTORE_EMULATOR_BINARY_PATH;
  } else {
    const gcloudJar = gcloudSdkRoots(env)
      .map((root) => path.join(root, GCLOUD_FIRESTORE_JAR))
      .find((candidate) => existsSync(candidate));
    if (gcloudJar) {
      out.FIRESTORE_EMULATOR_BINARY_PATH = firestoreLauncherJar(java.javaHome, gcloudJar);
      modes.firestore = `Google Cloud CLI component via launcher (${gcloudJar})`;
    } else if (await reachable(info.firestore.remoteUrl)) {
      modes.firestore = `downloaded by firebase-tools (v${info.firestore.version})`;
    } else {
      throw new Error(
        'No Firestore emulator is available: it is not in the firebase-tools cache ' +
          `(${info.firestore.cachedPath}), the Google Cloud CLI component is not installed, and ` +
          `${info.firestore.remoteUrl} cannot be reached.\n` +
          '  Fix: connect to the internet once, or install the component ' +
          '(apt-get install google-cloud-cli-firestore-emulator).',
      );
    }
  }

  let storageRules = 'real';
  if (existsSync(info.storage.cachedPath)) {
    modes.storageRules = `firebase-tools cache (${info.storage.cachedPath})`;
    delete out.STORAGE_EMULATOR_BINARY_PATH;
  } else if (await reachable(info.storage.remoteUrl)) {
    modes.storageRules = `downloaded by firebase-tools (v${info.storage.version})`;
    delete out.STORAGE_EMULATOR_BINARY_PATH;
  } else {
    storageRules = 'standin';
    out.STORAGE_EMULATOR_BINARY_PATH = storageRulesStandinJar(java.javaHome);
    modes.storageRules = 'PERMIT-ALL STAND-IN (real runtime absent and not downloadable)';
    log(
      [
        BANNER_LINE,
        '!! STORAGE RULES ARE NOT ENFORCED IN THIS EMULATOR RUN',
        `!! The Cloud Storage rules runtime (v${info.storage.version}) is not cached and`,
        `!! ${info.storage.remoteUrl} cannot be reached.`,
        '!! A stand-in that PERMITS EVERY REQUEST is used so uploads and triggers run.',
        '!! rules/storage.rules tests are reported as SKIPPED. Functions re-check everything.',
        '!! Fix: run once with internet (firebase setup:emulators:storage) to get the real one.',
        BANNER_LINE,
      ].join('\n'),
    );
  }
  out.MLE_STORAGE_RULES_RUNTIME = storageRules;
  // The Functions emulator starts one process per concurrent execution (up to 50). On two cores,
  // bursts of 20+ cold starts fail ("Failed to load function") and lose events; queueing beyond
  // 8 at a time keeps every execution. Production scales out instead.
  out.FUNCTIONS_EMULATOR_PARALLEL ??= '8';
  modes.functionsParallel = `${out.FUNCTIONS_EMULATOR_PARALLEL} executions at once`;
  return { env: out, modes, storageRules };
}
