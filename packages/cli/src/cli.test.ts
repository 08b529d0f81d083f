import { buildStatement, keyIdOf, statementPayload, toBase64 } from '@mlebotics/shared';
import { packFiles, validatePackageBytes } from '@mlebotics/shared/node';
import { pluginFiles } from '@mlebotics/testing';
import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mle-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('mlebotics-plugin', () => {
  it('init scaffolds a plugin that validates and packs deterministically', async () => {
    const plugin = path.join(dir, 'my-plugin');
    expect((await cli('init', plugin, '--id', 'acme.my-plugin', '--name', 'My Plugin')).code).toBe(0);
    const validated = await cli('validate', plugin);
    expect(validated).toMatchObject({ code: 0, out: expect.stringContaining('acme.my-plugin@0.1.0 is valid') });
    expect(validated.out).toContain('Scan: passed (0 blocking, 0 for review, 0 low).');
    expect((await cli('pack', plugin, '-o', path.join(dir, 'a.tgz'))).code).toBe(0);
    expect((await cli('pack', plugin, '-o', path.join(dir, 'b.tgz'))).code).toBe(0);
    const [a, b] = [await readFile(path.join(dir, 'a.tgz')), await readFile(path.join(dir, 'b.tgz'))];
    expect(sha256(a)).toBe(sha256(b));
    // The scaffold is the plugin API shape: a default export with steps for each automation step.
    expect(await readFile(path.join(plugin, 'index.js'), 'utf8')).toMatch(
      /export default \{\s+steps: \{\s+async greet\(input, ctx\)/,
    );
  });

  it("prints its version, each command's help, and code problems with file:line:column once", async () => {
    const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(await cli('--version')).toEqual({ code: 0, out: `${version}\n`, err: '' });
    for (const command of ['init', 'validate', 'pack', 'verify']) {
      expect(await cli(command, '--help')).toMatchObject({
        code: 0,
        out: expect.stringContaining(`mlebotics-plugin ${command} `),
      });
      expect((await cli('help', command)).out).toContain(`Usage: mlebotics-plugin ${command} `);
    }
    expect((await cli('help', 'nope')).code).toBe(2);
    const file = path.join(dir, 'bare.tgz');
    await writeFile(
      file,
      await packFiles(pluginFiles('acme.bare', {}, { 'index.js': "import 'lodash';\nexport default {};\n" })),
    );
    const result = await cli('validate', file);
    expect(result.code).toBe(1);
    expect(result.err).toContain('✖ import-not-allowed\n    index.js:1:8: Cannot import "lodash"');
    expect(result.err).toContain('✖ step-not-exported\n    index.js:2:16: the step "echo"');
  });

  it('pack leaves out what .pluginignore and the default ignores say', async () => {
    const plugin = path.join(dir, 'ignoring');
    expect((await cli('init', plugin, '--id', 'acme.ignoring')).code).toBe(0);
    const write = async (name: string, text: string) => {
      await mkdir(path.dirname(path.join(plugin, name)), { recursive: true });
      await writeFile(path.join(plugin, name), text);
    };
    await write('test/index.test.js', 'throw new Error();\n');
    await write('.env', 'TOKEN=x\n');
    await write('src/index.ts', 'export {};\n');
    await write('notes/draft.md', '# draft\n');
    await write('tests/shared.js', 'export const shared = 1;\n');
    await write('lib/util.js', 'export const x = 1;\n');
    await write('.pluginignore', '# sources\nsrc/\nnotes/*.md\n# re-included: a module, not tests\n!tests/\n');
    const out = path.join(dir, 'ignoring.tgz');
    expect((await cli('pack', plugin, '-o', out)).code).toBe(0);
    const packed = await validatePackageBytes(await readFile(out));
    expect(packed.contents!.files.map((f) => f.path).sort()).toEqual([
      'README.md',
      'icon.svg',
      'index.js',
      'lib/util.js',
      'plugin.json',
      'tests/shared.js',
    ]);
  });

  it('refuses to init into a non-empty directory and reports usage errors with exit code 2', async () => {
    const plugin = path.join(dir, 'busy');
    await cli('init', plugin, '--id', 'acme.busy');
    expect(await cli('init', plugin)).toMatchObject({ code: 2, err: expect.stringContaining('not empty') });
    expect((await cli('validate')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('validate', path.join(dir, 'missing.tgz'))).code).toBe(2);
    expect((await cli('init', path.join(dir, 'x'), '--id', 'Not Valid')).code).toBe(2);
  });

  it('prints each scan finding with its rule, place, severity, redacted excerpt and fix, and exits 1 when blocked', async () => {
    const key = ['AK', 'IA', 'Z7QW3ERT5YUI8OPL'].join('');
    const file = path.join(dir, 'leaky.tgz');
    const main = `// Docs: https://docs.acme.io/x\nconst key = '${key}';\neval(code);\nexport default { steps: { echo: (input) => input } };\n`;
    await writeFile(file, await packFiles(pluginFiles('acme.leaky', {}, { 'index.js': main })));
    const result = await cli('validate', file);
    expect(result.code).toBe(1);
    expect(result.out).toContain('acme.leaky@1.0.0 is valid');
    expect(result.err).toContain(
      'Scan: blocked: the marketplace would reject this upload (1 blocking, 1 for review, 1 low).',
    );
    expect(result.err).toContain('✖ block      secret.aws-access-key  at index.js:2:14');
    expect(result.err).toContain("> const key = 'AKIAZ7************';");
    expect(result.err).toContain('fix: Revoke this credential now');
    expect(result.err).toContain('! quarantine obfuscation.eval  at index.js:3:1');
    expect(result.err).toContain('· low        reach.documentation-link  at index.js:1:10');
    expect(result.err).not.toContain(key);

    const json = await cli('validate', file, '--json');
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.out) as {
      ok: boolean;
      scan: { outcome: string; findings: Array<{ ruleId: string }> };
    };
    expect(parsed.ok).toBe(true);
    expect(parsed.scan.outcome).toBe('blocked');
    expect(parsed.scan.findings.map((f) => f.ruleId)).toEqual([
      'secret.aws-access-key',
      'obfuscation.eval',
      'reach.documentation-link',
    ]);
  });

  it('exits 0 for a quarantined package (held for review at upload) unless --strict', async () => {
    const file = path.join(dir, 'evaly.tgz');
    await writeFile(
      file,
      await packFiles(
        pluginFiles(
          'acme.evaly',
          {},
          { 'index.js': 'eval(x);\nexport default { steps: { echo: (input) => input } };\n' },
        ),
      ),
    );
    const lenient = await cli('validate', file);
    expect(lenient.code).toBe(0);
    expect(lenient.err).toContain(
      'Scan: quarantined: the marketplace would sign it but hold it for review before listing',
    );
    expect((await cli('validate', file, '--strict')).code).toBe(1);
  });

  it('prints every manifest problem with its path and fix', async () => {
    const file = path.join(dir, 'bad.tgz');
    await writeFile(file, await packFiles(pluginFiles('acme.bad', { version: '1.0', license: '' })));
    const result = await cli('validate', file);
    expect(result.code).toBe(1);
    expect(result.err).toContain('manifest-version-invalid  at plugin.json#/version');
    expect(result.err).toContain('plugin.json#/license');
    expect(result.err).toContain('fix: Use a semantic version');
  });

  describe('verify', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

    async function signedPackage(tamper?: (envelopeStatement: ReturnType<typeof buildStatement>) => void) {
      const bytes = await packFiles(pluginFiles('acme.signed'));
      const result = await validatePackageBytes(bytes);
      const statement = buildStatement(result.sha256!, {
        pluginId: 'acme.signed',
        version: '1.0.0',
        publisher: 'acme',
        uploader: 'uid',
        uploadId: 'up',
        manifestSha256: result.contents!.files[0]!.sha256,
        permissions: [],
        files: result.contents!.files,
        publishedAt: new Date().toISOString(),
      });
      tamper?.(statement);
      const { payload, pae } = statementPayload(statement);
      const envelope = {
        payloadType: 'application/vnd.in-toto+json',
        payload: toBase64(payload),
        signatures: [
          { keyid: keyIdOf(pem), sig: toBase64(sign('sha256', pae, { key: privateKey, dsaEncoding: 'der' })) },
        ],
      };
      const name = `signed-${Math.random().toString(36).slice(2)}`;
      await writeFile(path.join(dir, `${name}.tgz`), bytes);
      await writeFile(path.join(dir, `${name}.dsse.json`), JSON.stringify(envelope));
      await writeFile(path.join(dir, 'key.pem'), pem);
      return {
        tgz: path.join(dir, `${name}.tgz`),
        envelope: path.join(dir, `${name}.dsse.json`),
        key: path.join(dir, 'key.pem'),
      };
    }

    it('accepts a package signed by the given key', async () => {
      const signed = await signedPackage();
      expect(await cli('verify', signed.tgz, '--envelope', signed.envelope, '--key', signed.key)).toMatchObject({
        code: 0,
        out: expect.stringContaining('acme.signed@1.0.0 verified'),
      });
    });

    it('refuses another key, a signature over other bytes, and a file that differs', async () => {
      const signed = await signedPackage();
      const other = generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .publicKey.export({ type: 'spki', format: 'pem' })
        .toString();
      await writeFile(path.join(dir, 'other.pem'), other);
      expect(
        (await cli('verify', signed.tgz, '--envelope', signed.envelope, '--key', path.join(dir, 'other.pem'))).code,
      ).toBe(1);
      const wrongDigest = await signedPackage((s) => (s.subject[0]!.digest.sha256 = 'f'.repeat(64)));
      expect(
        await cli('verify', wrongDigest.tgz, '--envelope', wrongDigest.envelope, '--key', wrongDigest.key),
      ).toMatchObject({
        code: 1,
        err: expect.stringContaining('altered'),
      });
      const wrongFile = await signedPackage((s) => (s.predicate.files[1]!.sha256 = '0'.repeat(64)));
      expect(
        await cli('verify', wrongFile.tgz, '--envelope', wrongFile.envelope, '--key', wrongFile.key),
      ).toMatchObject({
        code: 1,
        err: expect.stringContaining('does not match its signed size and sha256'),
      });
      expect((await cli('verify', signed.tgz, '--key', signed.key)).code).toBe(2);
    });
  });

  it('runs as the built binary with the documented exit codes', async () => {
    const root = path.resolve(import.meta.dirname, '..');
    await promisify(execFile)('node', [path.join(root, 'build.mjs')]);
    const bin = path.join(root, 'bin/mlebotics-plugin.mjs');
    const valid = path.join(dir, 'bin-valid.tgz');
    await writeFile(valid, await packFiles(pluginFiles('acme.bin')));
    const run = (args: string[]) =>
      promisify(execFile)('node', [bin, ...args]).then(
        (r) => ({ code: 0, stdout: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
      );
    const ok = await run(['validate', valid, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, errors: [], manifest: { id: 'acme.bin' } });
    await writeFile(path.join(dir, 'bin-bad.tgz'), 'not gzip at all, just text');
    const bad = await run(['validate', path.join(dir, 'bin-bad.tgz'), '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toEqual({ ok: false, errors: [{ code: 'not-gzip', message: expect.any(String) }] });
    expect((await run(['validate'])).code).toBe(2);
    // run starts its sandbox worker before it reads its arguments; a usage error still exits.
    for (let i = 0; i < 3; i++) expect((await run(['run', dir])).code).toBe(2);
  }, 60_000);
});
