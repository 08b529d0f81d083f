// The kill switch: a revoked plugin (or version) stops installing, updating, running and opening
// everywhere, organizations that have it are told why, and it leaves discovery; reversible.
import {
  collections,
  createOrg,
  install,
  listInstalled,
  openPanel,
  paths,
  runPluginStep,
  setBlocklisted,
  setRevocation,
  type Capability,
} from '@mlebotics/shared';
import {
  admin,
  connectClient,
  createPublisher,
  createUser,
  eventually,
  packPlugin,
  publishThroughUpload,
  resetEmulators,
  uniqueId,
  type Client,
} from '@mlebotics/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const text = { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] };
const CAPABILITIES: Capability[] = [
  { type: 'automation-step', id: 'echo', title: 'Echo', inputSchema: text, outputSchema: text, timeoutMs: 10_000 },
  { type: 'ui-panel', id: 'board', title: 'Board', entry: 'panel.html', height: 200 },
];
const MAIN = 'export default { steps: { async echo(input) { return { text: input.text }; } } };\n';
const PANEL = '<!doctype html><title>Board</title><p>Board</p>\n';

let developer: Client;
let owner: Client;
let moderator: Client;
let orgId: string;
let pluginId: string;

const run = () => owner.call(runPluginStep, { orgId, pluginId, stepId: 'echo', input: { text: 'hi' } });
const revoked = { details: { reason: 'plugin-revoked' } };

async function publish(version: string) {
  const upload = await publishThroughUpload(
    developer,
    pluginId.split('.')[0]!,
    await packPlugin(
      pluginId,
      { version, capabilities: CAPABILITIES as never, permissions: [{ name: 'ui:panel', reason: 'Shows the board' }] },
      { 'index.js': MAIN, 'panel.html': PANEL },
    ),
  );
  if (upload.state !== 'published') throw new Error(JSON.stringify(upload.errors));
}

beforeAll(async () => {
  await resetEmulators();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  const publisherId = uniqueId('killer');
  await createPublisher(publisherId, [dev.uid]);
  developer = await connectClient(dev);
  pluginId = `${publisherId}.board`;
  await publish('1.0.0');
  owner = await connectClient(await createUser(`${uniqueId('owner')}@example.com`));
  moderator = await connectClient(await createUser(`${uniqueId('mod')}@example.com`, { admin: true }));
  orgId = uniqueId('yard');
  await owner.call(createOrg, { name: 'Yard', orgId });
  await owner.call(install, {
    orgId,
    pluginId,
    grantedPermissions: [{ name: 'ui:panel', reason: 'Shows the board' }],
  });
}, 300_000);
afterAll(async () => {
  await Promise.all([developer, owner, moderator].map((c) => c?.close()));
});

describe('the kill switch', () => {
  it('is for marketplace administrators only', async () => {
    for (const client of [developer, owner]) {
      await expect(
        client.call(setRevocation, { pluginId, revoked: true, reason: 'I do not like it' }),
      ).rejects.toMatchObject({ details: { reason: 'permission-denied' } });
    }
    await expect(run()).resolves.toMatchObject({ output: { text: 'hi' } });
  });

  it('revoking a plugin stops runs, panels and installs, tells the organization, and leaves discovery', async () => {
    const result = await moderator.call(setRevocation, {
      pluginId,
      revoked: true,
      reason: 'Sends readings to an undeclared host',
    });
    expect(result).toEqual({ pluginId, version: null, revoked: true, affectedOrgs: 1 });
    await expect(run()).rejects.toMatchObject({
      ...revoked,
      message: expect.stringContaining('Sends readings to an undeclared host'),
    });
    await expect(owner.call(openPanel, { orgId, pluginId, panelId: 'board' })).rejects.toMatchObject(revoked);
    const other = uniqueId('dock');
    await owner.call(createOrg, { name: 'Dock', orgId: other });
    await expect(
      owner.call(install, {
        orgId: other,
        pluginId,
        grantedPermissions: [{ name: 'ui:panel', reason: 'Shows the board' }],
      }),
    ).rejects.toMatchObject(revoked);
    const { installs } = await owner.call(listInstalled, { orgId });
    expect(installs[0]?.revoked).toMatchObject({ scope: 'plugin', reason: 'Sends readings to an undeclared host' });
    expect((await admin.db.doc(paths.plugin(pluginId)).get()).get('discoverable')).toBe(false);
    const audit = await admin.db.collection(collections.adminAudit).where('targetId', '==', pluginId).get();
    expect(audit.docs.map((d) => d.get('action'))).toEqual(['plugin.revoke']);
  });

  it('is reversible', async () => {
    await moderator.call(setRevocation, { pluginId, revoked: false, reason: 'The publisher fixed the host list' });
    await expect(run()).resolves.toMatchObject({ output: { text: 'hi' } });
    const { installs } = await owner.call(listInstalled, { orgId });
    expect(installs[0]?.revoked).toBeNull();
    await eventually(
      async () => ((await admin.db.doc(paths.plugin(pluginId)).get()).get('discoverable') === true ? true : undefined),
      'the listing to be discoverable again',
    );
  });

  it('revoking one version stops that version only', async () => {
    await publish('1.1.0');
    await moderator.call(setRevocation, {
      pluginId,
      version: '1.0.0',
      revoked: true,
      reason: 'Version 1.0.0 leaks tokens in its log',
    });
    await expect(run()).rejects.toMatchObject({ ...revoked, message: expect.stringContaining(`${pluginId}@1.0.0`) });
    const { installs } = await owner.call(listInstalled, { orgId });
    expect(installs[0]).toMatchObject({ revoked: { scope: 'version' }, updateAvailable: true, latestVersion: '1.1.0' });
    const other = uniqueId('quay');
    await owner.call(createOrg, { name: 'Quay', orgId: other });
    await expect(
      owner.call(install, {
        orgId: other,
        pluginId,
        version: '1.0.0',
        grantedPermissions: [{ name: 'ui:panel', reason: 'Shows the board' }],
      }),
    ).rejects.toMatchObject(revoked);
    // The latest version installs and runs.
    await owner.call(install, {
      orgId: other,
      pluginId,
      grantedPermissions: [{ name: 'ui:panel', reason: 'Shows the board' }],
    });
    await expect(
      owner.call(runPluginStep, { orgId: other, pluginId, stepId: 'echo', input: { text: 'ok' } }),
    ).resolves.toMatchObject({ output: { text: 'ok' }, version: '1.1.0' });
  });
});

describe('the blocklist', () => {
  const sha256 = 'ab'.repeat(32);

  it('is changed by marketplace administrators only', async () => {
    for (const client of [developer, owner]) {
      await expect(
        client.call(setBlocklisted, { sha256, scope: 'file', blocked: true, reason: 'I want it gone' }),
      ).rejects.toMatchObject({ details: { reason: 'permission-denied' } });
    }
    expect((await admin.db.doc(paths.blocklistEntry(sha256)).get()).exists).toBe(false);
  });

  it('refuses a malformed digest, a missing or huge reason, and says which field', async () => {
    for (const input of [
      { sha256: 'ABC', scope: 'file' as const, blocked: true, reason: 'Known stealer' },
      { sha256, scope: 'file' as const, blocked: true, reason: 'no' },
      { sha256, scope: 'file' as const, blocked: true, reason: 'x'.repeat(501) },
    ]) {
      await expect(moderator.call(setBlocklisted, input)).rejects.toMatchObject({
        details: { reason: 'invalid-input' },
        message: expect.stringMatching(/sha256|reason/),
      });
    }
  });

  it('blocks once, refuses a second block, unblocks once, and logs each change', async () => {
    await moderator.call(setBlocklisted, { sha256, scope: 'file', blocked: true, reason: 'Known credential stealer' });
    await expect(
      moderator.call(setBlocklisted, { sha256, scope: 'package', blocked: true, reason: 'Known credential stealer' }),
    ).rejects.toMatchObject({ details: { reason: 'already-exists' } });
    expect((await admin.db.doc(paths.blocklistEntry(sha256)).get()).get('scope')).toBe('file');
    await moderator.call(setBlocklisted, { sha256, scope: 'file', blocked: false, reason: 'False positive' });
    await expect(
      moderator.call(setBlocklisted, { sha256, scope: 'file', blocked: false, reason: 'False positive' }),
    ).rejects.toMatchObject({ details: { reason: 'not-found' } });
    const audit = await admin.db.collection(collections.adminAudit).where('targetId', '==', `file:${sha256}`).get();
    expect(audit.docs.map((d) => d.get('action')).sort()).toEqual(['blocklist.add', 'blocklist.remove']);
  });
});

describe('the kill switch, hostile input', () => {
  it('refuses an unknown plugin or version without writing anything', async () => {
    await expect(
      moderator.call(setRevocation, { pluginId: 'nobody.nothing', revoked: true, reason: 'Does not exist' }),
    ).rejects.toMatchObject({ details: { reason: 'not-found' } });
    await expect(
      moderator.call(setRevocation, { pluginId, version: '9.9.9', revoked: true, reason: 'No such version' }),
    ).rejects.toMatchObject({ details: { reason: 'not-found' } });
    const audit = await admin.db
      .collection(collections.adminAudit)
      .where('targetId', 'in', ['nobody.nothing', `${pluginId}@9.9.9`])
      .get();
    expect(audit.size).toBe(0);
  });
});
