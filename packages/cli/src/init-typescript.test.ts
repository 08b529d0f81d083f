// `init --typescript` end to end, offline: the scaffold typechecks against the SDK, its own
// `npm run build` bundles it with an npm dependency, `validate` passes (the bundle parses and
// exports the declared step), and the built step runs in the real sandbox.
import { load } from '@mlebotics/plugin-host';
import type { PluginManifest } from '@mlebotics/shared';
import { packDirectory, validatePackageBytes } from '@mlebotics/shared/node';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingServices, signedPlugin } from '../../host/src/test-support.js';
import { runCli } from './cli.js';
import { SCAFFOLD_TOOLS } from './typescript-template.js';

const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
/** The repository's own installs of the scaffold's tools (the machine has no registry access). */
const tool = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

let tmp: string;
let plugin: string;

function npm(args: string[], cwd: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('npm', args, { cwd, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

async function cli(...args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/**
 * What `npm install` would give the scaffold, made of links: esbuild, typescript and the CLI
 * (whose sdk/ the sources import), and a small npm dependency the step imports.
 */
async function installOffline(dir: string) {
  const modules = path.join(dir, 'node_modules');
  await mkdir(path.join(modules, '.bin'), { recursive: true });
  await mkdir(path.join(modules, '@mlebotics'));
  await symlink(tool('esbuild'), path.join(modules, 'esbuild'));
  await symlink(tool('typescript'), path.join(modules, 'typescript'));
  await symlink(CLI_DIR, path.join(modules, '@mlebotics', 'plugin-cli'));
  await symlink(path.join(tool('esbuild'), 'bin', 'esbuild'), path.join(modules, '.bin', 'esbuild'));
  await symlink(path.join(tool('typescript'), 'bin', 'tsc'), path.join(modules, '.bin', 'tsc'));
  // A CommonJS-free ESM package with only `main`, as many small npm packages are.
  const dep = path.join(modules, 'shout-case');
  await mkdir(dep);
  await writeFile(
    path.join(dep, 'package.json'),
    JSON.stringify({ name: 'shout-case', version: '1.0.0', main: 'index.js', type: 'module' }),
  );
  await writeFile(
    path.join(dep, 'index.js'),
    'export function shout(text) {\n  return `${text.toUpperCase()}!!`;\n}\n',
  );
  await writeFile(path.join(dep, 'index.d.ts'), 'export declare function shout(text: string): string;\n');
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'mle-init-ts-'));
  plugin = path.join(tmp, 'greeter');
}, 60_000);

afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('init --typescript', { timeout: 120_000 }, () => {
  it('asks for the esbuild and TypeScript versions this repository builds and tests with', () => {
    for (const [name, range] of Object.entries(SCAFFOLD_TOOLS)) {
      const { version } = require(`${name}/package.json`) as { version: string };
      expect(
        semver.satisfies(version, range),
        `the scaffold asks for ${name} ${range}, the repository has ${version}: update SCAFFOLD_TOOLS in typescript-template.ts`,
      ).toBe(true);
    }
  });

  it('scaffolds, typechecks, bundles an npm dependency, validates and runs in the sandbox', async () => {
    const created = await cli('init', '--typescript', plugin, '--id', 'acme.greeter', '--name', 'Greeter');
    expect(created, created.err).toMatchObject({ code: 0, out: expect.stringContaining('npm run validate') });
    expect((await readdir(plugin, { recursive: true })).sort()).toEqual([
      '.gitignore',
      '.pluginignore',
      'README.md',
      'icon.svg',
      'package.json',
      'plugin.json',
      'src',
      'src/index.ts',
      'tsconfig.json',
    ]);
    const manifest = JSON.parse(await readFile(path.join(plugin, 'plugin.json'), 'utf8')) as PluginManifest;
    expect(manifest.main).toBe('dist/index.js');

    // Before a build there is no main: validate says so instead of passing.
    const unbuilt = await cli('validate', plugin);
    expect(unbuilt.code).toBe(1);
    expect(unbuilt.err).toContain('dist/index.js');

    await installOffline(plugin);
    const source = path.join(plugin, 'src', 'index.ts');
    const original = await readFile(source, 'utf8');
    const edited = original
      .replace(
        "import type { Plugin, Step } from '@mlebotics/plugin-cli/sdk';",
        "$&\nimport { shout } from 'shout-case';",
      )
      .replace('greeting: `Hello, ${input.name}!`', 'greeting: shout(`Hello, ${input.name}`)');
    expect(edited.match(/shout\(/g), 'the template changed: the test no longer uses its dependency').toHaveLength(1);
    await writeFile(source, edited);

    const typecheck = await npm(['run', 'typecheck'], plugin);
    expect(typecheck.code, typecheck.out).toBe(0);
    const build = await npm(['run', 'build'], plugin);
    expect(build.code, build.out).toBe(0);
    const bundle = await readFile(path.join(plugin, 'dist', 'index.js'), 'utf8');
    // The dependency is inside the bundle, not imported: the sandbox imports only package files.
    expect(bundle).toContain('toUpperCase()');
    expect(bundle).not.toMatch(/\bfrom\s*["']|import\(/);

    const validated = await cli('validate', plugin);
    expect(validated, validated.err).toMatchObject({
      code: 0,
      out: expect.stringContaining('acme.greeter@0.1.0 is valid'),
    });
    // Nothing in the scaffold or the bundle makes the upload scan hold it for review.
    expect(validated.out).toContain('Scan: passed (0 blocking, 0 for review, 0 low).');
    const packed = await validatePackageBytes(await packDirectory(plugin));
    expect(packed.contents!.files.map((f) => f.path).sort()).toEqual([
      'README.md',
      'dist/index.js',
      'icon.svg',
      'plugin.json',
    ]);

    const signed = await signedPlugin(manifest, { 'dist/index.js': bundle });
    const loaded = await load(signed.artifact, signed.envelope, signed.keys, manifest.permissions);
    const rec = recordingServices();
    const run = () => loaded.runStep('greet', { name: 'Ada' }, { services: rec.services, audit: rec.audit });
    expect((await run()).output).toEqual({ greeting: 'HELLO, ADA!!', count: 1 });
    expect((await run()).output).toEqual({ greeting: 'HELLO, ADA!!', count: 2 });
    expect(rec.logs.map((l) => l.message)).toEqual(['greeting Ada (1)', 'greeting Ada (2)']);
  });

  it('a step using a permission the scaffold does not declare fails the typecheck, naming it', async () => {
    const source = path.join(plugin, 'src', 'index.ts');
    const code = await readFile(source, 'utf8');
    await writeFile(source, code.replace('ctx.log(', "await ctx.secrets.read('TOKEN');\n  ctx.log("));
    const typecheck = await npm(['run', 'typecheck'], plugin);
    expect(typecheck.code).not.toBe(0);
    expect(typecheck.out).toContain("Property 'secrets' does not exist on type 'Context<\"storage:plugin\">'");
    await writeFile(source, code);
  });

  it('leaves init without --typescript as it was', async () => {
    const dir = path.join(tmp, 'plain');
    expect((await cli('init', dir, '--id', 'acme.plain')).code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['README.md', 'icon.svg', 'index.js', 'plugin.json']);
  });
});
