import { readFileSync } from 'node:fs';
import type { UserConfig, UserConfigFnObject } from 'vite';
import { describe, expect, it } from 'vitest';
import { consoleCsp, consoleCspDirectives, cspTargetFromEnv, STATIC_HOSTING_CSP } from './csp';
import { env } from './env';

const firebaseJson = JSON.parse(readFileSync(new URL('../../../firebase.json', import.meta.url), 'utf8')) as {
  emulators: Record<string, { port: number }>;
  hosting: { headers: Array<{ source: string; headers: Array<{ key: string; value: string }> }> };
};
const ports = {
  auth: firebaseJson.emulators.auth!.port,
  firestore: firebaseJson.emulators.firestore!.port,
  storage: firebaseJson.emulators.storage!.port,
  functions: firebaseJson.emulators.functions!.port,
};
const emulators = cspTargetFromEnv({}, ports);
const production = cspTargetFromEnv(
  {
    VITE_FIREBASE_PROJECT_ID: 'mlebotics-prod',
    VITE_FUNCTIONS_REGION: 'europe-west1',
    VITE_PANEL_ORIGIN: 'https://mlebotics-panels.web.app/',
  },
  ports,
);

const directives = (policy: string) =>
  new Map(policy.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)] as const));

describe('the console CSP', () => {
  it('in production with App Check allows reCAPTCHA Enterprise and the token exchange, and no more', () => {
    const withAppCheck = cspTargetFromEnv(
      { VITE_FIREBASE_PROJECT_ID: 'mlebotics-prod', VITE_APP_CHECK_SITE_KEY: '6Lc-site-key' },
      ports,
    );
    const policy = directives(consoleCsp(withAppCheck, { delivery: 'header' }));
    expect(policy.get('script-src')).toEqual([
      "'self'",
      "'unsafe-eval'",
      'https://apis.google.com',
      'https://www.google.com/recaptcha/',
      'https://www.gstatic.com/recaptcha/',
    ]);
    expect(policy.get('connect-src')).toContain('https://content-firebaseappcheck.googleapis.com');
    expect(policy.get('frame-src')).toContain('https://www.google.com/recaptcha/');
    expect(directives(consoleCsp(production, { delivery: 'header' })).get('script-src')).not.toContain(
      'https://www.google.com/recaptcha/',
    );
  });

  it('on the emulators allows exactly the emulators the app talks to and the panel host', () => {
    const policy = directives(consoleCsp(emulators, { delivery: 'header' }));
    expect(policy.get('default-src')).toEqual(["'none'"]);
    // ajv (the publish page's package check) compiles validators; nothing inline or remote.
    expect(policy.get('script-src')).toEqual(["'self'", "'unsafe-eval'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(policy.get('connect-src')).toEqual([
      "'self'",
      `http://127.0.0.1:${ports.auth}`,
      `http://127.0.0.1:${ports.firestore}`,
      `http://127.0.0.1:${ports.storage}`,
      `http://127.0.0.1:${ports.functions}`,
    ]);
    // servePanel runs on the Functions emulator, on 127.0.0.1 (another site than localhost).
    expect(policy.get('frame-src')).toEqual([`http://127.0.0.1:${ports.functions}`]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(consoleCsp(emulators, { delivery: 'header' })).not.toMatch(/unsafe-inline|unsafe-hashes|https:|\*/);
  });

  it('in production allows the Google APIs, the auth domain, the functions and the panel origin only', () => {
    const policy = directives(consoleCsp(production, { delivery: 'header' }));
    expect(policy.get('connect-src')).toEqual([
      "'self'",
      'https://identitytoolkit.googleapis.com',
      'https://securetoken.googleapis.com',
      'https://firestore.googleapis.com',
      'https://firebasestorage.googleapis.com',
      'https://europe-west1-mlebotics-prod.cloudfunctions.net',
    ]);
    expect(policy.get('script-src')).toEqual(["'self'", "'unsafe-eval'", 'https://apis.google.com']);
    expect(policy.get('frame-src')).toEqual([
      'https://mlebotics-prod.firebaseapp.com',
      'https://mlebotics-panels.web.app',
    ]);
    expect(consoleCsp(production, { delivery: 'header' })).not.toMatch(/127\.0\.0\.1|localhost|unsafe-inline|\*/);
  });

  it('leaves frame-ancestors out of the <meta> policy (browsers ignore it there) and nothing else', () => {
    const header = consoleCspDirectives(emulators, { delivery: 'header' });
    const meta = consoleCspDirectives(emulators, { delivery: 'meta' });
    expect(header.filter(([name]) => name !== 'frame-ancestors')).toEqual(meta);
  });

  it('lets the dev server run its nonce-tagged preamble and HMR socket, nothing inline besides', () => {
    const policy = directives(
      consoleCsp(emulators, { delivery: 'header', dev: { nonce: 'abc123', origin: 'http://localhost:5173' } }),
    );
    expect(policy.get('script-src')).toEqual(["'self'", "'unsafe-eval'", "'nonce-abc123'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'nonce-abc123'"]);
    expect(policy.get('connect-src')).toContain('ws://localhost:5173');
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('refuses configuration values that would smuggle directives into the policy', () => {
    const hostile = cspTargetFromEnv(
      {
        VITE_FIREBASE_PROJECT_ID: 'mlebotics-prod',
        VITE_FIREBASE_AUTH_DOMAIN: "x.example; script-src 'unsafe-inline'",
      },
      ports,
    );
    expect(() => consoleCsp(hostile, { delivery: 'meta' })).toThrow(/Not a CSP source/);
  });

  it('reads the configuration with the app’s own defaults (src/lib/env.ts)', () => {
    const target = cspTargetFromEnv(import.meta.env as Record<string, string | undefined>, ports);
    expect(target).toMatchObject({
      projectId: env.projectId,
      useEmulators: env.useEmulators,
      emulatorHost: env.emulatorHost,
      authDomain: env.authDomain,
      functionsRegion: env.functionsRegion,
    });
  });

  it('is backed by Hosting headers: the static policy with frame-ancestors, HSTS, nosniff, a referrer policy', () => {
    const all = firebaseJson.hosting.headers.find((h) => h.source === '**')!.headers;
    const header = (key: string) => all.find((h) => h.key === key)?.value;
    expect(header('Content-Security-Policy')).toBe(STATIC_HOSTING_CSP);
    expect(header('X-Content-Type-Options')).toBe('nosniff');
    expect(header('X-Frame-Options')).toBe('DENY');
    expect(header('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    expect(header('Strict-Transport-Security')).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    // Every directive of the static header is the same as in the per-build policy it backs.
    const build = directives(consoleCsp(production, { delivery: 'header' }));
    for (const [name, values] of directives(STATIC_HOSTING_CSP)) expect(build.get(name)).toEqual(values);
  });

  it('is sent by the Vite dev server (with its nonce) and preview server, with frame protection', async () => {
    const { default: configFor } = (await import('../../vite.config')) as { default: UserConfigFnObject };
    const dev = (await configFor({ command: 'serve', mode: 'development' })) as UserConfig;
    const devHeaders = dev.server!.headers as Record<string, string>;
    expect(devHeaders['X-Frame-Options']).toBe('DENY');
    expect(devHeaders['X-Content-Type-Options']).toBe('nosniff');
    const devPolicy = directives(devHeaders['Content-Security-Policy']!);
    expect(devPolicy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(devPolicy.get('script-src')).toEqual(["'self'", "'unsafe-eval'", `'nonce-${dev.html!.cspNonce}'`]);
    expect(dev.html!.cspNonce!.length).toBeGreaterThanOrEqual(24);

    const preview = (await configFor({ command: 'build', mode: 'production' })) as UserConfig;
    expect(preview.html?.cspNonce).toBeUndefined();
    const previewHeaders = preview.preview!.headers as Record<string, string>;
    expect(previewHeaders['X-Frame-Options']).toBe('DENY');
    expect(previewHeaders['Content-Security-Policy']).toBe(consoleCsp(emulators, { delivery: 'header' }));
  });
});
