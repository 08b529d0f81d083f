import { describe, expect, it } from 'vitest';
import { PluginHostError } from './errors.js';
import { load } from './load.js';
import { ALL_PERMISSIONS, manifestFor, recordingServices, signedPlugin } from './test-support.js';

const ECHO = `export default { steps: { async echo(input) { return { text: input.text }; } } };\n`;

async function loaded(main: string, files: Record<string, string> = {}, steps = { echo: {} }) {
  const plugin = await signedPlugin(manifestFor('acme.echo', steps), { 'index.js': main, ...files });
  return load(plugin.artifact, plugin.envelope, plugin.keys, []);
}

async function failure(promise: Promise<unknown>): Promise<PluginHostError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PluginHostError);
  return error as PluginHostError;
}

describe('load and runStep', () => {
  it('runs a step of a verified plugin in the sandbox', async () => {
    const plugin = await loaded(ECHO);
    expect(plugin.manifest.id).toBe('acme.echo');
    expect(plugin.steps).toEqual(['echo']);
    const { services, audit } = recordingServices();
    const result = await plugin.runStep('echo', { text: 'hello' }, { services, audit });
    expect(result.output).toEqual({ text: 'hello' });
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it('resolves relative imports between package files', async () => {
    const plugin = await loaded(
      `import { shout } from './lib/text.js';\nexport default { steps: { echo: (input) => ({ text: shout(input.text) }) } };\n`,
      {
        'lib/text.js': `import { suffix } from '../util/suffix.mjs';\nexport const shout = (s) => s.toUpperCase() + suffix;\n`,
        'util/suffix.mjs': `export const suffix = '!';\n`,
      },
    );
    const { services, audit } = recordingServices();
    expect((await plugin.runStep('echo', { text: 'hi' }, { services, audit })).output).toEqual({ text: 'HI!' });
  });

  it('supports top-level await and dynamic imports inside the package', async () => {
    const plugin = await loaded(
      `const lib = await import('./lib.js');\nexport default { steps: { async echo(input) { const again = await import('./lib.js'); return { text: lib.name + again.name + input.text }; } } };\n`,
      { 'lib.js': `export const name = 'lib:';\n` },
    );
    const { services, audit } = recordingServices();
    expect((await plugin.runStep('echo', { text: 'x' }, { services, audit })).output).toEqual({ text: 'lib:lib:x' });
  });

  it('rejects an unknown step with not-found', async () => {
    const plugin = await loaded(ECHO);
    const { services, audit } = recordingServices();
    const error = await failure(plugin.runStep('nope', { text: 'x' }, { services, audit }));
    expect(error.code).toBe('not-found');
    expect(error.message).toContain('its steps: echo');
  });

  it('validates the input before running and the output after', async () => {
    const plugin = await loaded(`export default { steps: { echo: (input) => ({ text: input.text.length }) } };\n`);
    const { services, audit } = recordingServices();
    const badInput = await failure(plugin.runStep('echo', { text: 42 }, { services, audit }));
    expect(badInput.code).toBe('invalid-input');
    expect(badInput.message).toMatch(/input\/text must be string/);
    const notJson = await failure(plugin.runStep('echo', { text: 'x', f: () => 1, n: 10n }, { services, audit }));
    expect(notJson.code).toBe('invalid-input');
    const badOutput = await failure(plugin.runStep('echo', { text: 'abc' }, { services, audit }));
    expect(badOutput.code).toBe('invalid-output');
    expect(badOutput.message).toMatch(/output\/text must be string/);
  });

  it('refuses outputs that are not JSON data', async () => {
    const plugin = await loaded(
      `export default { steps: {
        echo: (input) => input.text === 'undefined' ? undefined : input.text === 'bigint' ? { text: 1n } : { text: 'x', __proto__: null, ['__proto__']: { polluted: true } },
      } };\n`,
    );
    const { services, audit } = recordingServices();
    for (const [text, pattern] of [
      ['undefined', /output is undefined/],
      ['bigint', /output.text is a BigInt .* outputs must be JSON data/],
      ['proto', /__proto__/],
    ] as const) {
      const error = await failure(plugin.runStep('echo', { text }, { services, audit }));
      expect(error.code).toBe('invalid-output');
      expect(error.message).toMatch(pattern);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports a thrown error as plugin-error with its message only', async () => {
    const plugin = await loaded(
      `export default { steps: { echo() { throw new TypeError('no sensor named x'); } } };\n`,
    );
    const { services, audit } = recordingServices();
    const error = await failure(plugin.runStep('echo', { text: 'x' }, { services, audit }));
    expect(error.code).toBe('plugin-error');
    expect(error.message).toMatch(/^TypeError: no sensor named x \(at index.js:1:\d+\)$/);
  });

  it('reports a main module without the step as plugin-error', async () => {
    const plugin = await loaded(`export default { steps: {} };\n`);
    const { services, audit } = recordingServices();
    const error = await failure(plugin.runStep('echo', { text: 'x' }, { services, audit }));
    expect(error.code).toBe('plugin-error');
    expect(error.message).toMatch(/does not define the step "echo"/);
  });

  it('reports a main file that is not a JavaScript module as plugin-error', async () => {
    const manifest = manifestFor('acme.notjs', { echo: {} }, { main: 'main.txt' });
    const plugin = await signedPlugin(manifest, { 'main.txt': ECHO });
    const loadedPlugin = await load(plugin.artifact, plugin.envelope, plugin.keys, []);
    const { services, audit } = recordingServices();
    const error = await failure(loadedPlugin.runStep('echo', { text: 'x' }, { services, audit }));
    expect(error.code).toBe('plugin-error');
    expect(error.message).toMatch(/no module main.txt/);
  });

  it('uses the step timeoutMs unless the caller sets one', async () => {
    const plugin = await loaded(
      `export default { steps: { echo: () => { const end = Date.now() + 150; while (Date.now() < end); return { text: 'done' }; } } };\n`,
      {},
      { echo: { timeoutMs: 50 } } as never,
    );
    const { services, audit } = recordingServices();
    expect((await failure(plugin.runStep('echo', { text: 'x' }, { services, audit }))).code).toBe('timeout');
    const result = await plugin.runStep('echo', { text: 'x' }, { services, audit, limits: { timeoutMs: 2000 } });
    expect(result.output).toEqual({ text: 'done' });
  });

  it('gives the intersection of declared and granted permissions', async () => {
    const manifest = manifestFor('acme.perms', { echo: {} }, { permissions: ALL_PERMISSIONS });
    const plugin = await signedPlugin(manifest, {
      'index.js': `export default { steps: { echo: (input, ctx) => ({ text: Object.keys(ctx).sort().join(',') }) } };\n`,
    });
    const granted = await load(plugin.artifact, plugin.envelope, plugin.keys, [
      { name: 'network:fetch', reason: 'r', hosts: ['api.weather.com', 'evil.example.net'] },
      { name: 'secrets:read', reason: 'r', secrets: ['WEATHER_KEY', 'ROOT_PASSWORD'] },
      { name: 'storage:plugin', reason: 'r' },
      { name: 'ui:panel', reason: 'not declared' },
    ]);
    expect(granted.permissions).toEqual([
      { name: 'network:fetch', reason: 'Calls the weather API.', hosts: ['api.weather.com'] },
      { name: 'storage:plugin', reason: 'Remembers the last reading.' },
      { name: 'secrets:read', reason: 'Uses the API key.', secrets: ['WEATHER_KEY'] },
    ]);
    const { services, audit } = recordingServices();
    expect((await granted.runStep('echo', { text: '' }, { services, audit })).output).toEqual({
      text: 'fetch,log,secrets,storage',
    });
  });

  it('runs concurrent steps in separate sandboxes', async () => {
    const plugin = await loaded(
      `let count = 0;\nexport default { steps: { async echo(input) { count += 1; globalThis.seen = (globalThis.seen ?? 0) + 1; await Promise.resolve(); return { text: input.text + count + globalThis.seen }; } } };\n`,
    );
    const { services, audit } = recordingServices();
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((text) => plugin.runStep('echo', { text }, { services, audit })),
    );
    expect(results.map((r) => r.output)).toEqual([{ text: 'a11' }, { text: 'b11' }, { text: 'c11' }, { text: 'd11' }]);
  });
});
