import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors.js';
import { packFiles, validatePackageBytes } from '../node/index.js';
import { manifestFor } from '../testing/manifest.js';
import { ACCEPTED, REFUSED, type CodeCase } from './code-check-corpus.js';
import { MAX_MODULE_BYTES, checkPackageCode, moduleAllowance } from './code-checks.js';
import { parseModule } from './module-parse.js';
import { resolveModuleSpecifier } from './module-resolve.js';

const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>\n';

/** The case's package: a valid manifest declaring its steps, README, icon and its files. */
export function caseFiles(c: CodeCase): Record<string, string | Uint8Array> {
  const steps = c.steps ?? ['echo'];
  const manifest = manifestFor('acme.code', Object.fromEntries(steps.map((s) => [s, {}])), {
    main: c.main ?? 'index.js',
    ...(steps.length === 0
      ? { capabilities: [{ type: 'integration', id: 'svc', title: 'Service', service: 'Example' }] }
      : {}),
  });
  return { 'plugin.json': JSON.stringify(manifest), 'README.md': '# Code\n', 'icon.svg': ICON, ...c.files };
}

const validate = async (c: CodeCase) => validatePackageBytes(await packFiles(caseFiles(c)));

describe('code checks: refused', () => {
  it.each(REFUSED.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await validate(c);
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => [e.code, e.path])).toEqual([[c.code, c.at]]);
    const [issue] = result.errors;
    // file:line:column in the message itself, not only in the path.
    if (!c.at.startsWith('plugin.json')) expect(issue!.message.startsWith(`${c.at}: `)).toBe(true);
    for (const words of c.says ?? []) expect(issue!.message).toContain(words);
    expect(ERROR_CODES[c.code].stage).toBe('code');
  });
});

describe('code checks: accepted', () => {
  it.each(ACCEPTED.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await validate(c);
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe('code checks', () => {
  it("follows a bundler's var bindings: esbuild's output of a plugin with a missing step is refused", async () => {
    // What `esbuild --bundle --format=esm` makes of `export default { steps: { greet } }`.
    const bundle = (steps: string) =>
      `// src/index.ts\nvar greet = async (input) => input;\nvar index_default = { steps: { ${steps} } };\nexport {\n  index_default as default\n};\n`;
    const missing = await validate({
      name: 'bundle',
      steps: ['greet', 'count'],
      files: { 'index.js': bundle('greet') },
    });
    expect(missing.errors.map((e) => `${e.code} ${e.path}`)).toEqual(['step-not-exported index.js:3:30']);
    const complete = await validate({ name: 'bundle', steps: ['greet'], files: { 'index.js': bundle('greet') } });
    expect(complete.errors).toEqual([]);
    // A var assigned again, or declared twice, is not known statically and so is not refused.
    for (const changed of ['index_default = {};', 'var index_default;']) {
      const code = bundle('greet').replace('export {', `${changed}\nexport {`);
      const unknown = await validate({ name: 'bundle', steps: ['count'], files: { 'index.js': code } });
      expect(unknown.errors, changed).toEqual([]);
    }
  });

  it('reports every problem of every module, in archive order', async () => {
    const result = await validate({
      name: 'many',
      files: {
        'index.js': "import 'lodash';\nimport './a.js';\nexport default { steps: {} };\n",
        'lib/x.js': 'export const = 1;\n',
      },
    });
    expect(result.errors.map((e) => `${e.code} ${e.path}`)).toEqual([
      'import-not-allowed index.js:1:8',
      'import-not-found index.js:2:8',
      'module-syntax-error lib/x.js:1:14',
      'step-not-exported index.js:3:25',
    ]);
  });

  it('still finds a redeclaration among many names of one scope (looked up in a set past 16)', () => {
    const names = Array.from({ length: 40 }, (_, i) => `let n${i};`).join('\n');
    const parsed = parseModule(new TextEncoder().encode(`${names}\nfunction f() { var v; let w; }\nlet n33;\n`));
    expect(parsed).toMatchObject({ ok: false, at: { line: 42, column: 5 } });
    expect(parseModule(new TextEncoder().encode(`${names}\nexport { n39 as n40 };\n`)).ok).toBe(true);
  });

  it('places imports by line and column across every kind of line break, in source order', () => {
    const text = [
      "import a from './a.js';",
      "const later = () => import('./c.js');\r",
      "export * from './b.js';\u2028  const x = import(`./d.js`), y = import(name);\r",
      "\u2029export { z } from './e.js';",
    ].join('\n');
    const parsed = parseModule(new TextEncoder().encode(text));
    expect(parsed.ok && parsed.imports).toEqual([
      { specifier: './a.js', at: { line: 1, column: 15 } },
      { specifier: './c.js', at: { line: 2, column: 28 } },
      { specifier: './b.js', at: { line: 3, column: 15 } },
      { specifier: './d.js', at: { line: 4, column: 20 } },
      { specifier: './e.js', at: { line: 6, column: 19 } },
    ]);
  });

  it('keeps modules within the per-module and total budgets only', () => {
    const kept = new Map<string, Uint8Array>([['a.js', new Uint8Array(10)]]);
    expect(moduleAllowance('README.md', kept)).toBe(false);
    expect(moduleAllowance('lib/b.mjs', kept)).toBe(MAX_MODULE_BYTES);
    const full = new Map(Array.from({ length: 4 }, (_, i) => [`m${i}.js`, new Uint8Array(MAX_MODULE_BYTES)]));
    expect(moduleAllowance('z.js', full)).toBe(0);
  });

  it('refuses a module it could not keep, with its size and the budget', () => {
    const manifest = manifestFor('acme.big');
    const issues = checkPackageCode(manifest, {
      files: [
        { path: 'index.js', size: 30, sha256: '' },
        { path: 'vendor/huge.js', size: MAX_MODULE_BYTES + 1, sha256: '' },
      ],
      kept: new Map([['index.js', new TextEncoder().encode('export default { steps: { echo() {} } };')]]),
    });
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'module-too-large',
        path: 'vendor/huge.js:1:1',
        message: expect.stringContaining('4 MiB'),
      }),
    ]);
  });

  it('resolves like the sandbox: relative, inside the package, .js/.mjs only', () => {
    const files = new Set(['index.js', 'lib/a.js', 'lib/b.mjs', 'data.json']);
    expect(resolveModuleSpecifier('lib/a.js', './b.mjs', files)).toEqual({ ok: true, path: 'lib/b.mjs' });
    expect(resolveModuleSpecifier('lib/a.js', '../index.js', files)).toEqual({ ok: true, path: 'index.js' });
    expect(resolveModuleSpecifier('lib/a.js', './../lib/./a.js', files)).toEqual({ ok: true, path: 'lib/a.js' });
    expect(resolveModuleSpecifier('index.js', '../index.js', files)).toMatchObject({ reason: 'outside' });
    expect(resolveModuleSpecifier('index.js', '.', files)).toMatchObject({ reason: 'not-relative' });
    expect(resolveModuleSpecifier('index.js', './data.json', files)).toMatchObject({ reason: 'not-module' });
  });
});
