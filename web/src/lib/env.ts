/**
 * The web app's configuration, from Vite's `import.meta.env` (VITE_* variables, see
 * web/.env.example), validated once. Nothing else reads import.meta.env. (Plain checks rather
 * than zod: the first route should not ship a schema library for eight strings.)
 */
const raw = import.meta.env as Record<string, string | undefined>;

function read(name: string, fallback?: string, check?: (value: string) => boolean): string {
  const value = raw[name] ?? fallback;
  if (value === undefined || value === '' || (check && !check(value))) {
    throw new Error(`Invalid web configuration: ${name}=${JSON.stringify(raw[name])}. See web/.env.example.`);
  }
  return value;
}

const projectId = read('VITE_FIREBASE_PROJECT_ID', 'demo-mlebotics', (v) => /^[a-z0-9-]{4,40}$/.test(v));
const useEmulatorsRaw = raw.VITE_USE_EMULATORS;
if (useEmulatorsRaw !== undefined && useEmulatorsRaw !== 'true' && useEmulatorsRaw !== 'false') {
  throw new Error(
    `Invalid web configuration: VITE_USE_EMULATORS must be "true" or "false", got ${JSON.stringify(useEmulatorsRaw)}.`,
  );
}

export const env = {
  projectId,
  apiKey: read('VITE_FIREBASE_API_KEY', 'demo-api-key'),
  authDomain: raw.VITE_FIREBASE_AUTH_DOMAIN || `${projectId}.firebaseapp.com`,
  storageBucket: raw.VITE_FIREBASE_STORAGE_BUCKET || `${projectId}.appspot.com`,
  appId: raw.VITE_FIREBASE_APP_ID || undefined,
  functionsRegion: read('VITE_FUNCTIONS_REGION', 'us-central1'),
  /** Demo projects always use the local emulators. */
  useEmulators: useEmulatorsRaw ? useEmulatorsRaw === 'true' : projectId.startsWith('demo-'),
  emulatorHost: read('VITE_EMULATOR_HOST', '127.0.0.1'),
  /** Base URL of the plugin panel host: a different site from the console. */
  panelOrigin: raw.VITE_PANEL_ORIGIN || undefined,
  /**
   * reCAPTCHA Enterprise site key for App Check. Production functions refuse calls without an
   * App Check token (functions/src/lib/config.ts), so a production build needs it.
   */
  appCheckSiteKey: raw.VITE_APP_CHECK_SITE_KEY || undefined,
} as const;
