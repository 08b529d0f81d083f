/**
 * The console's Content-Security-Policy, computed at build time (web/vite.config.ts) from the
 * same VITE_* configuration the app is built with, because what the app loads differs between
 * the emulators (http://127.0.0.1:<port> per emulator, panels from the Functions emulator) and
 * production (the Google APIs endpoints, the auth domain's frames, the panel origin).
 *
 * Runs in Node (vite.config.ts) and in unit tests: it must not touch browser globals.
 */

export interface CspTarget {
  useEmulators: boolean;
  emulatorHost: string;
  ports: { auth: number; firestore: number; storage: number; functions: number };
  projectId: string;
  authDomain: string;
  functionsRegion: string;
  /** Origin of the plugin panel host (production; the emulator serves panels itself). */
  panelOrigin?: string;
  /** App Check with reCAPTCHA Enterprise (production): its script, frames and token exchange. */
  appCheck?: boolean;
}

export interface CspOptions {
  /**
   * `meta` leaves out what a `<meta http-equiv>` policy cannot carry (`frame-ancestors`, which
   * Chromium ignores there with a console warning): that part is sent as a header.
   */
  delivery: 'header' | 'meta';
  /** The Vite dev server: its inline preamble and injected styles carry this nonce; HMR's socket. */
  dev?: { nonce: string; origin: string };
}

/**
 * The app's configuration as the CSP needs it, read from VITE_* variables with the defaults of
 * src/lib/env.ts (a unit test checks that both agree).
 */
export function cspTargetFromEnv(raw: Record<string, string | undefined>, ports: CspTarget['ports']): CspTarget {
  const projectId = raw.VITE_FIREBASE_PROJECT_ID || 'demo-mlebotics';
  const useEmulators = raw.VITE_USE_EMULATORS ? raw.VITE_USE_EMULATORS === 'true' : projectId.startsWith('demo-');
  return {
    useEmulators,
    emulatorHost: raw.VITE_EMULATOR_HOST || '127.0.0.1',
    ports,
    projectId,
    authDomain: raw.VITE_FIREBASE_AUTH_DOMAIN || `${projectId}.firebaseapp.com`,
    functionsRegion: raw.VITE_FUNCTIONS_REGION || 'us-central1',
    panelOrigin: raw.VITE_PANEL_ORIGIN ? new URL(raw.VITE_PANEL_ORIGIN).origin : undefined,
    appCheck: !!raw.VITE_APP_CHECK_SITE_KEY,
  };
}

/** Hosts written into a policy must not be able to add directives or sources of their own. */
function source(value: string): string {
  if (!/^[a-z0-9.:/[\]*-]+$/i.test(value)) throw new Error(`Not a CSP source: ${JSON.stringify(value)}`);
  return value;
}

/** The policy as an ordered list of directives. */
export function consoleCspDirectives(target: CspTarget, options: CspOptions): Array<[string, string[]]> {
  const nonce = options.dev ? [`'nonce-${options.dev.nonce}'`] : [];
  const connect: string[] = ["'self'"];
  const frames: string[] = [];
  // 'unsafe-eval': the publish page validates a package in the browser with ajv, which compiles
  // validators with `new Function` (the manifest schema, and the plugin's own step schemas, which
  // cannot be compiled ahead of time). No inline or remote script is allowed.
  const scripts: string[] = ["'self'", "'unsafe-eval'", ...nonce];
  if (target.useEmulators) {
    const { auth, firestore, storage, functions } = target.ports;
    for (const port of [auth, firestore, storage, functions])
      connect.push(source(`http://${target.emulatorHost}:${port}`));
    // Panels: servePanel on the Functions emulator, always on 127.0.0.1 (functions/src/runtime/panels.ts).
    frames.push(source(`http://127.0.0.1:${functions}`));
  } else {
    connect.push(
      'https://identitytoolkit.googleapis.com',
      'https://securetoken.googleapis.com',
      'https://firestore.googleapis.com',
      'https://firebasestorage.googleapis.com',
      source(`https://${target.functionsRegion}-${target.projectId}.cloudfunctions.net`),
    );
    // signInWithPopup: Google's gapi loader, and the auth domain's hidden iframe and popup handler.
    scripts.push('https://apis.google.com');
    frames.push(source(`https://${target.authDomain}`));
    if (target.panelOrigin) frames.push(source(target.panelOrigin));
    if (target.appCheck) {
      // Google's published CSP for reCAPTCHA, and App Check's token exchange.
      scripts.push('https://www.google.com/recaptcha/', 'https://www.gstatic.com/recaptcha/');
      frames.push('https://www.google.com/recaptcha/', 'https://recaptcha.google.com/recaptcha/');
      connect.push('https://content-firebaseappcheck.googleapis.com', 'https://www.google.com/recaptcha/');
    }
  }
  if (options.dev) connect.push(source(options.dev.origin.replace(/^http/, 'ws')));
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'none'"]],
    ['script-src', scripts],
    ['style-src', ["'self'", ...nonce]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'"]],
    ['connect-src', connect],
    ['frame-src', frames.length ? frames : ["'none'"]],
    ['manifest-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'self'"]],
  ];
  if (options.delivery === 'header') directives.push(['frame-ancestors', ["'none'"]]);
  return directives;
}

export function consoleCsp(target: CspTarget, options: CspOptions): string {
  return consoleCspDirectives(target, options)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/**
 * The part of the policy that is the same for every build: what the Hosting header in
 * firebase.json carries (Hosting serves one static header for the emulator and production, so
 * the build-specific sources travel in the page's `<meta>` policy; browsers enforce both).
 */
export const STATIC_HOSTING_CSP = "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
