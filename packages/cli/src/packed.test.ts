/**
 * The CLI as its users get it: `npm pack` of packages/cli (its prepack bundles it), installed
 * from the tarball into an empty folder outside the repository with `npm install --offline`
 * (the bundle has no runtime dependencies), and every command run from there.
 */
import { buildStatement, keyIdOf, statementPayload, toBase64 } from '@mlebotics/shared';
import { validatePackageFile } from '@mlebotics/shared/node';
import { execFile } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));
const REPO = path.resolve(CLI_DIR, '../..');

interface Run {
  code: number;
  out: string;
  err: string;
}

function run(command: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 }, (error, out, err) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err }),
    );
  });
}

let tmp: string;
let work: string;
let bin: string;
let tarball: string;
const cli = (...args: string[]) => run(process.execPath, [bin, ...args], work);

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'mle-packed-cli-'));
  expect(path.relative(REPO, tmp).startsWith('..')).toBe(true);
  const packed = await run('npm', ['pack', '--pack-destination', tmp], CLI_DIR);
  expect(packed.code, packed.err).toBe(0);
  tarball = path.join(
    tmp,
    (await readdir(tmp)).find((f) => f.endsWith('.tgz'))!,
  );
  const app = path.join(tmp, 'app');
  await mkdir(app);
  await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'packed-cli-check', private: true }));
  const installed = await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], app);
  expect(installed.code, installed.err).toBe(0);
  bin = path.join(app, 'node_modules', '@mlebotics', 'plugin-cli', 'bin', 'mlebotics-plugin.mjs');
  work = path.join(tmp, 'work');
  await mkdir(work);
}, 240_000);

afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('the packed CLI, installed from its tarball outside the repository', { timeout: 120_000 }, () => {
  it('ships only its bin, bundle, SDK types, README and package.json, with no dependencies', async () => {
    const listing = await run('tar', ['-tzf', tarball], tmp);
    // The bundle's chunks (the entry imports each command's when it runs): every one the build wrote.
    const chunks = (await readdir(path.join(CLI_DIR, 'dist')))
      .filter((file) => /^chunk-.+\.mjs$/.test(file))
      .map((file) => `package/dist/${file}`);
    expect(chunks.length).toBeGreaterThan(0);
    expect(listing.out.trim().split('\n').sort()).toEqual(
      [
        'package/README.md',
        'package/bin/mlebotics-plugin.mjs',
        'package/dist/mlebotics-plugin.mjs',
        'package/dist/quickjs.wasm',
        'package/dist/sandbox-worker.mjs',
        'package/package.json',
        'package/sdk/index.d.ts',
        ...chunks,
      ].sort(),
    );
    const manifest = JSON.parse(await readFile(path.join(CLI_DIR, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.private).toBeUndefined();
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.engines).toEqual({ node: '>=20' });
    const app = path.join(tmp, 'app', 'node_modules');
    expect((await readdir(app)).sort()).toEqual(['.bin', '.package-lock.json', '@mlebotics']);
    const linked = await run(path.join(app, '.bin', 'mlebotics-plugin'), ['--version'], work);
    expect(linked).toMatchObject({ code: 0, out: `${manifest.version}\n` });
  });

  it('prints its version and the help of every command', async () => {
    const { version } = JSON.parse(await readFile(path.join(CLI_DIR, 'package.json'), 'utf8')) as { version: string };
    expect(await cli('--version')).toMatchObject({ code: 0, out: `${version}\n` });
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('Exit codes: 0 success, 1 invalid package or failed check, 2 usage error.');
    const commands = ['init', 'validate', 'pack', 'verify', 'run', 'panel'];
    const helps = await Promise.all(commands.map((command) => cli(command, '--help')));
    helps.forEach((own, i) => {
      expect(own.code, commands[i]).toBe(0);
      expect(own.out).toContain(`Usage: mlebotics-plugin ${commands[i]} `);
    });
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('init')).code).toBe(2);
  });

  it('init, validate, pack and verify a plugin', async () => {
    expect(await cli('init', 'battery', '--id', 'acme.battery', '--name', 'Battery Monitor')).toMatchObject({
      code: 0,
    });
    expect(await cli('validate', 'battery')).toMatchObject({
      code: 0,
      out: expect.stringContaining('acme.battery@0.1.0 is valid'),
    });
    const output = path.join(work, 'battery.tgz');
    expect((await cli('pack', 'battery', '-o', output)).code).toBe(0);
    expect(await cli('validate', output, '--json')).toMatchObject({
      code: 0,
      out: expect.stringContaining('"ok":true'),
    });

    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const validation = await validatePackageFile(output);
    const statement = buildStatement(validation.sha256!, {
      pluginId: 'acme.battery',
      version: '0.1.0',
      publisher: 'acme',
      uploader: 'uid',
      uploadId: 'up',
      manifestSha256: validation.contents!.files.find((f) => f.path === 'plugin.json')!.sha256,
      permissions: [],
      files: validation.contents!.files,
      publishedAt: new Date().toISOString(),
    });
    const { payload, pae } = statementPayload(statement);
    const envelope = {
      payloadType: 'application/vnd.in-toto+json',
      payload: toBase64(payload),
      signatures: [
        { keyid: keyIdOf(pem), sig: toBase64(sign('sha256', pae, { key: privateKey, dsaEncoding: 'der' })) },
      ],
    };
    await writeFile(path.join(work, 'battery.dsse.json'), JSON.stringify(envelope));
    await writeFile(path.join(work, 'key.pem'), pem);
    expect(await cli('verify', output, '--envelope', 'battery.dsse.json', '--key', 'key.pem')).toMatchObject({
      code: 0,
      out: expect.stringContaining('acme.battery@0.1.0 verified'),
    });
  });

  it('init --typescript: the scaffold typechecks against the SDK in the package, builds and validates', async () => {
    expect((await cli('init', '--typescript', 'typed', '--id', 'acme.typed')).code).toBe(0);
    // What `npm install` gives the scaffold (no registry here): this installed CLI, and the
    // repository's esbuild and TypeScript, linked.
    const modules = path.join(work, 'typed', 'node_modules');
    const installed = path.join(tmp, 'app', 'node_modules', '@mlebotics', 'plugin-cli');
    await mkdir(path.join(modules, '@mlebotics'), { recursive: true });
    await mkdir(path.join(modules, '.bin'));
    await symlink(installed, path.join(modules, '@mlebotics', 'plugin-cli'));
    await symlink(path.join(installed, 'bin', 'mlebotics-plugin.mjs'), path.join(modules, '.bin', 'mlebotics-plugin'));
    for (const [tool, bin] of [
      ['esbuild', 'bin/esbuild'],
      ['typescript', 'bin/tsc'],
    ] as const) {
      const dir = path.join(REPO, 'node_modules', tool);
      await symlink(dir, path.join(modules, tool));
      await symlink(path.join(dir, bin), path.join(modules, '.bin', path.basename(bin)));
    }
    const validated = await run('npm', ['run', 'validate'], path.join(work, 'typed'));
    expect(validated, validated.err).toMatchObject({
      code: 0,
      out: expect.stringContaining('acme.typed@0.1.0 is valid'),
    });
  });

  it('runs a step in the bundled sandbox: output, a refused permission, a timeout, local storage', async () => {
    expect((await cli('init', 'runner', '--id', 'acme.runner')).code).toBe(0);
    const manifestFile = path.join(work, 'runner', 'plugin.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as {
      capabilities: Array<Record<string, unknown>>;
      permissions: unknown[];
    };
    const step = manifest.capabilities.find((c) => c.type === 'automation-step')!;
    const anyObject = { type: 'object' };
    manifest.capabilities = [
      { ...step, id: 'note', title: 'Note', inputSchema: anyObject, outputSchema: anyObject },
      { ...step, id: 'leak', title: 'Leak', inputSchema: anyObject, outputSchema: anyObject },
      { ...step, id: 'spin', title: 'Spin', inputSchema: anyObject, outputSchema: anyObject, timeoutMs: 200 },
    ];
    manifest.permissions = [{ name: 'storage:plugin', reason: 'Keeps the last note' }];
    await writeFile(manifestFile, JSON.stringify(manifest, null, 2));
    await writeFile(
      path.join(work, 'runner', 'index.js'),
      `export default { steps: {
  async note(input, ctx) { const before = await ctx.storage.get('n'); await ctx.storage.set('n', input.n); ctx.log('was ' + before); return { before: before ?? null }; },
  async leak(input, ctx) { await ctx.fetch('https://example.com/'); return {}; },
  async spin() { for (;;) {} },
} };
`,
    );
    const first = await cli('run', 'runner', 'note', '--input', '{"n":1}', '--json');
    expect(first.code, first.err).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ ok: true, output: { before: null }, logs: ['was undefined'] });
    const second = await cli('run', 'runner', 'note', '--input', '{"n":2}');
    expect(second).toMatchObject({ code: 0, out: expect.stringContaining('"before": 1') });
    expect(JSON.parse(await readFile(path.join(work, 'runner', '.mlebotics', 'storage.json'), 'utf8'))).toEqual({
      n: 2,
    });
    const leak = await cli('run', 'runner', 'leak');
    expect(leak.code).toBe(1);
    expect(leak.err).toContain('plugin-error — The plugin failed');
    const spin = await cli('run', 'runner', 'spin', '--json');
    expect(spin.code).toBe(1);
    expect(JSON.parse(spin.out)).toMatchObject({ error: { code: 'timeout' } });
    // The local storage file never ships in the package.
    const packed = path.join(work, 'runner.tgz');
    expect((await cli('pack', 'runner', '-o', packed)).code).toBe(0);
    expect((await validatePackageFile(packed)).contents!.files.map((f) => f.path)).not.toContain(
      '.mlebotics/storage.json',
    );
  });

  it('runs the bundled code checks and .pluginignore', async () => {
    expect((await cli('init', 'checked', '--id', 'acme.checked')).code).toBe(0);
    await writeFile(
      path.join(work, 'checked', 'index.js'),
      "import { read } from 'node:fs';\nexport default { steps: {} };\n",
    );
    const refused = await cli('validate', 'checked');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('import-not-allowed');
    expect(refused.err).toContain('index.js:1:22: Cannot import "node:fs"');
    expect(refused.err).toContain('step-not-exported');

    expect((await cli('init', 'ignoring', '--id', 'acme.ignoring')).code).toBe(0);
    await mkdir(path.join(work, 'ignoring', 'test'));
    await writeFile(path.join(work, 'ignoring', 'test', 'x.test.js'), "import 'vitest';\n");
    await writeFile(path.join(work, 'ignoring', 'draft.md'), '# draft\n');
    await writeFile(path.join(work, 'ignoring', '.pluginignore'), 'draft.md\n');
    const packed = path.join(work, 'ignoring.tgz');
    expect((await cli('pack', 'ignoring', '-o', packed)).code).toBe(0);
    const files = (await validatePackageFile(packed)).contents!.files.map((f) => f.path);
    expect(files.sort()).toEqual(['README.md', 'icon.svg', 'index.js', 'plugin.json']);
  });
});
