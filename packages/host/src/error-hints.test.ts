import { describe, expect, it } from 'vitest';
import { MISSING_GLOBALS, missingGlobalHint, packageLocation } from './error-hints.js';
import { load } from './load.js';
import { PluginHostError } from './errors.js';
import { manifestFor, recordingServices, signedPlugin } from './test-support.js';

async function run(files: Record<string, string>, body = '') {
  const plugin = await signedPlugin(manifestFor('acme.hints', { run: { inputSchema: {}, outputSchema: {} } }), {
    'index.js': `import { helper } from './lib/util.js';\nexport default { steps: { async run(input) {\n  ${body}\n  return helper();\n} } };\n`,
    'lib/util.js': `export function helper() {\n  return { list: Object.keys(globalThis) };\n}\n`,
    ...files,
  });
  const loaded = await load(plugin.artifact, plugin.envelope, plugin.keys, []);
  const { services, audit } = recordingServices();
  return loaded.runStep('run', {}, { services, audit });
}

async function failure(promise: Promise<unknown>): Promise<PluginHostError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PluginHostError);
  return error as PluginHostError;
}

describe('a thrown error says where and what to use instead', () => {
  it("ReferenceError: 'fetch' is not defined names the file and line and suggests ctx.fetch", async () => {
    const error = await failure(run({}, `await fetch('https://api.example.com/');`));
    expect(error.code).toBe('plugin-error');
    expect(error.message).toMatch(/^ReferenceError: 'fetch' is not defined \(at index.js:3:\d+\) — .*ctx\.fetch/);
  });

  it('an error thrown in an imported module points at that module', async () => {
    const error = await failure(
      run({ 'lib/util.js': `export function helper() {\n  const x = null;\n  return x.level;\n}\n` }),
    );
    expect(error.message).toMatch(/^TypeError: .* \(at lib\/util.js:3:\d+\)$/);
  });

  it('every global the guide lists as missing is missing in the sandbox, and each has a hint', async () => {
    const { output } = await run(
      {},
      `return { missing: ${JSON.stringify(Object.keys(MISSING_GLOBALS))}.filter((name) => typeof globalThis[name] !== 'undefined') };`,
    );
    expect(output).toEqual({ missing: [] });
    for (const [name, hint] of Object.entries(MISSING_GLOBALS)) {
      expect(missingGlobalHint('ReferenceError', `'${name}' is not defined`)).toBe(hint);
    }
  });

  it('the hints of process, require, setTimeout and console say what to use', () => {
    expect(missingGlobalHint('ReferenceError', "'require' is not defined")).toMatch(/ES modules/);
    expect(missingGlobalHint('ReferenceError', "'process' is not defined")).toMatch(/ctx\.secrets/);
    expect(missingGlobalHint('ReferenceError', "'setTimeout' is not defined")).toMatch(/no timers/);
    expect(missingGlobalHint('ReferenceError', "'console' is not defined")).toMatch(/ctx\.log/);
    expect(missingGlobalHint('ReferenceError', "'myVariable' is not defined")).toBeUndefined();
    expect(missingGlobalHint('TypeError', "'fetch' is not defined")).toBeUndefined();
  });

  it('locations come only from package files, never from the host helpers', () => {
    const files = new Map([['index.js', new Uint8Array()]]);
    expect(packageLocation('    at call (<host>:133:33)\n    at run (index.js:4:2)\n', files)).toBe('index.js:4:2');
    expect(packageLocation('    at call (<host>:133:33)\n', files)).toBeUndefined();
    expect(packageLocation('    at index.js:7\n', files)).toBe('index.js:7');
  });
});
