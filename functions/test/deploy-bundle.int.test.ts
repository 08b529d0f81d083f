import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { APP_CHECK_EXEMPT } from '@mlebotics/shared';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const functionsDir = path.resolve(import.meta.dirname, '..');
const repoRoot = path.resolve(functionsDir, '..');

/** One file per deployed function, named like its export: a deploy must create exactly these. */
const expectedFunctions = async () =>
  (await readdir(path.join(functionsDir, 'src/functions')))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();

describe('the deployable functions folder', () => {
  let temp: string | undefined;
  afterAll(async () => {
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  it('installs on its own and loads with the firebase-functions loader that deploy uses', async () => {
    // Built straight into a folder outside the repository (not functions/dist, which the
    // running Functions emulator serves and would reload mid-run).
    temp = await mkdtemp(path.join(os.tmpdir(), 'mle-functions-deploy-'));
    await run('node', [path.join(functionsDir, 'build.mjs'), '--out', temp], { cwd: repoRoot });
    const pkg = JSON.parse(await readFile(path.join(temp, 'package.json'), 'utf8'));
    expect(pkg.engines).toEqual({ node: '22' });
    expect(Object.keys(pkg.dependencies).some((name: string) => name.startsWith('@mlebotics/'))).toBe(false);

    // Exactly what Cloud Build does with the uploaded folder: install production dependencies.
    // --prefer-offline: the packages are in npm's cache after the workspace's own install, so a
    // slow or flaky registry does not decide this test.
    await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline'], {
      cwd: temp,
      timeout: 600_000,
    });
    const manifestPath = path.join(temp, 'functions-manifest.json');
    await run('node', [path.join(temp, 'node_modules/firebase-functions/lib/bin/firebase-functions.js'), temp], {
      cwd: temp,
      env: {
        ...process.env,
        FUNCTIONS_MANIFEST_OUTPUT_PATH: manifestPath,
        GCLOUD_PROJECT: 'demo-deploy-check',
        FIRESTORE_EMULATOR_HOST: '',
      },
      timeout: 120_000,
    });
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { endpoints: Record<string, unknown> };
    expect(Object.keys(manifest.endpoints).sort()).toEqual(await expectedFunctions());
    expect(await expectedFunctions()).toContain('processUpload');

    // The plugin host's sandbox worker is a second file of the bundle: it must start from the
    // installed folder alone (QuickJS and its .wasm resolved from the folder's node_modules).
    const probe = `
      import { Worker } from 'node:worker_threads';
      const worker = new Worker(${JSON.stringify(path.join(temp, 'sandbox-worker.mjs'))}, { workerData: { memoryBytes: 64 * 1024 * 1024 } });
      const timer = setTimeout(() => { console.log('no ready message'); process.exit(1); }, 30000);
      worker.on('message', (m) => { if (m.type === 'ready') { clearTimeout(timer); console.log('ready'); worker.terminate(); } });
      worker.on('error', (e) => { console.log(String(e)); process.exit(1); });
    `;
    await writeFile(path.join(temp, 'probe.mjs'), probe);
    const { stdout } = await run('node', ['probe.mjs'], { cwd: temp, timeout: 60_000 });
    expect(stdout.trim()).toBe('ready');

    // App Check: every callable of the installed bundle refuses a signed-in request without an
    // App Check token in production, and lets it through on the emulators.
    const appCheck = async (env: Record<string, string>) => {
      const { stdout: out } = await run('node', [path.join(import.meta.dirname, 'app-check-probe.mjs'), temp!], {
        cwd: temp,
        env: { ...process.env, FUNCTIONS_EMULATOR: '', FIRESTORE_EMULATOR_HOST: '', ...env },
        timeout: 120_000,
      });
      return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>;
    };
    const production = await appCheck({});
    const callables = Object.keys(production);
    expect(callables.length).toBeGreaterThan(30);
    expect(callables).toContain('install');
    for (const [name, status] of Object.entries(production)) {
      // CI's token exchange has no browser to attest: it answers (here: invalid input) without one.
      if (APP_CHECK_EXEMPT.includes(name)) expect(`${name} ${status}`).toBe(`${name} 400`);
      else expect(`${name} ${status}`).toBe(`${name} 401`);
    }
    const emulators = await appCheck({ FUNCTIONS_EMULATOR: 'true' });
    for (const [name, status] of Object.entries(emulators)) expect(`${name} ${status}`).not.toBe(`${name} 401`);
  }, 900_000);

  it('declares the Node 22 runtime for deploy in firebase.json', async () => {
    const firebaseJson = JSON.parse(await readFile(path.join(repoRoot, 'firebase.json'), 'utf8'));
    expect(firebaseJson.functions[0]).toMatchObject({ source: 'functions/dist', runtime: 'nodejs22' });
  });
});
