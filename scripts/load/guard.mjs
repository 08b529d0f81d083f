// Load, chaos and drill runs write, wipe and kill: they run only against the local Emulator
// Suite with a `demo-` project, which can never reach a live Firebase project.

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const HOST_VARIABLES = ['FIRESTORE_EMULATOR_HOST', 'FIREBASE_AUTH_EMULATOR_HOST', 'FIREBASE_STORAGE_EMULATOR_HOST'];

/** The host part of `host:port` or `http://host:port`. */
function hostOf(value) {
  try {
    return new URL(value.includes('://') ? value : `http://${value}`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Why `env` does not point only at local emulators of a demo project, or undefined when it does.
 * Every emulator variable must be set (the Admin SDK would otherwise talk to production).
 */
export function notLocalReason(env, projectId) {
  const project = env.GCLOUD_PROJECT ?? projectId;
  if (!project || !project.startsWith('demo-'))
    return `the project "${project}" is not a demo- project (only demo- projects are emulator-only)`;
  for (const name of HOST_VARIABLES) {
    const value = env[name];
    if (!value) return `${name} is not set, so the Admin SDK would reach production`;
    const host = hostOf(value);
    if (!LOOPBACK.has(host ?? '')) return `${name}=${value} is not a local emulator`;
  }
  return undefined;
}

/** Throws unless `env` points only at local emulators of a demo project. */
export function assertLocalEmulators(env, projectId) {
  const reason = notLocalReason(env, projectId);
  if (reason)
    throw new Error(`Refusing to run: ${reason}. Run it without emulator variables to start its own emulators.`);
}
