/**
 * The validator's code checks agree with the sandbox that runs plugins: import resolution gives
 * the same answer as packages/host's resolveImport for any specifier, and the code-check corpus
 * parses (or fails to) in the sandbox's QuickJS as the validator says it does.
 */
import variant from '@jitl/quickjs-wasmfile-release-sync';
import { ACCEPTED, REFUSED } from '../../shared/src/package/code-check-corpus.js';
import { resolveModuleSpecifier } from '../../shared/src/package/module-resolve.js';
import fc from 'fast-check';
import { newQuickJSWASMModuleFromVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import { beforeAll, describe, expect, it } from 'vitest';
// The host's own loader (not exported by the package: it is internal to the sandbox).
import { installModuleLoader, resolveImport } from '../../host/src/modules.js';

const enc = new TextEncoder();
let quickjs: QuickJSWASMModule;
beforeAll(async () => {
  quickjs = await newQuickJSWASMModuleFromVariant(variant);
});

/** Evaluates `path` as the sandbox does; returns the error name and message, or undefined. */
function evaluate(path: string, files: Map<string, Uint8Array>): { name: string; message: string } | undefined {
  const runtime = quickjs.newRuntime();
  installModuleLoader(runtime, files);
  const context = runtime.newContext();
  try {
    const source = new TextDecoder().decode(files.get(path));
    const result = context.evalCode(source, path, { type: 'module', strict: true });
    let failure: unknown;
    if (result.error) {
      failure = context.dump(result.error);
      result.error.dispose();
    } else {
      runtime.executePendingJobs();
      const state = context.getPromiseState(result.value);
      if (state.type === 'rejected') failure = context.dump(state.error);
      if (state.type === 'rejected') state.error.dispose();
      else if (state.type === 'fulfilled' && !state.notAPromise) state.value.dispose();
      result.value.dispose();
    }
    runtime.executePendingJobs();
    const f = failure as { name?: string; message?: string } | undefined;
    return f === undefined ? undefined : { name: String(f.name), message: String(f.message) };
  } finally {
    context.dispose();
    runtime.dispose();
  }
}

const filesOf = (files: Record<string, string | Uint8Array>) =>
  new Map(Object.entries(files).map(([name, data]) => [name, typeof data === 'string' ? enc.encode(data) : data]));

describe('the validator and the sandbox agree', () => {
  it('on the resolution of any specifier', () => {
    const files = new Map(
      ['index.js', 'lib/a.js', 'lib/b.mjs', 'lib/data.json', 'lib/deep/c.js', 'README.md'].map((p) => [
        p,
        new Uint8Array(),
      ]),
    );
    const segment = fc.constantFrom(
      '.',
      '..',
      '',
      'lib',
      'deep',
      'a.js',
      'b.mjs',
      'c.js',
      'data.json',
      'index.js',
      'x',
    );
    const specifier = fc.oneof(
      fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => s.join('/')),
      fc.constantFrom('node:fs', 'lodash', 'https://x.example/a.js', '/lib/a.js', '.', '..', './', '../'),
      fc.string(),
    );
    fc.assert(
      fc.property(fc.constantFrom('index.js', 'lib/a.js', 'lib/deep/c.js'), specifier, (base, spec) => {
        const mine = resolveModuleSpecifier(base, spec, files);
        let theirs: string | undefined;
        try {
          theirs = resolveImport(base, spec, files);
        } catch {
          theirs = undefined;
        }
        expect(mine.ok ? mine.path : undefined).toBe(theirs);
      }),
      { numRuns: 2000 },
    );
  });

  it.each(ACCEPTED.map((c) => [c.name, c] as const))('accepted: %s parses and links in the sandbox', (_n, c) => {
    const files = filesOf(c.files);
    for (const path of files.keys()) {
      if (!/\.m?js$/.test(path)) continue;
      expect(evaluate(path, files)?.name, path).not.toBe('SyntaxError');
    }
    expect(evaluate(c.main ?? 'index.js', files)).toBeUndefined();
  });

  // A dynamic import fails only when it runs; that the sandbox refuses it then is checked below.
  const refusedInSandbox = REFUSED.filter(
    (c) =>
      ((c.code === 'module-syntax-error' && !c.says?.includes('UTF-8')) || c.code.startsWith('import-')) &&
      !c.name.includes('dynamic import'),
  );

  it('refused: a dynamic import of a bare specifier fails in the sandbox when it runs', () => {
    const failure = evaluate('index.js', filesOf({ 'index.js': "export default await import('fs');\n" }));
    expect(failure?.message).toContain('a plugin can only import its own files');
  });
  it.each(refusedInSandbox.map((c) => [c.name, c] as const))('refused: %s fails in the sandbox too', (_n, c) => {
    const files = filesOf(c.files);
    const file = c.at.split(':')[0]!;
    const failure = evaluate(file, files);
    expect(failure).toBeDefined();
    if (c.code === 'module-syntax-error') expect(failure!.name).toBe('SyntaxError');
  });
});
