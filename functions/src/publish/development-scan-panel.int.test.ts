// Development builds beyond install and run: what the upload scan's outcomes do to one, and its
// UI panel served from the latest build to its organization only.
import { createOrg, install, openPanel, paths, type Capability } from '@mlebotics/shared';
import {
  FAKE,
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const text = { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] };
const STEPS: Capability[] = [
  { type: 'automation-step', id: 'echo', title: 'Echo', inputSchema: text, outputSchema: text },
];

let dana: Client; // member of the publisher and owner of the lab
let gil: Client; // owner of another organization
let publisherId: string;
let lab: string;

const uploadDev = (client: Client, bytes: Uint8Array) =>
  publishThroughUpload(client, publisherId, bytes, 'dev.tgz', lab);
const exists = async (path: string) => (await admin.db.doc(path).get()).exists;

beforeAll(async () => {
  await resetEmulators();
  const [d, g] = await Promise.all(['dana', 'gil'].map((n) => createUser(`${uniqueId(n)}@example.com`)));
  publisherId = uniqueId('devpub');
  await createPublisher(publisherId, [d!.uid]);
  [dana, gil] = await Promise.all([connectClient(d!), connectClient(g!)]);
  lab = uniqueId('lab');
  await dana.call(createOrg, { name: 'Lab', orgId: lab });
  await gil.call(createOrg, { name: 'Yard', orgId: uniqueId('yard') });
}, 120_000);
afterAll(() => Promise.all([dana, gil].map((c) => c?.close())));

describe('the upload scan on a development build', () => {
  const probe = () => `${publisherId}.scan-probe`;
  const packProbe = (main: string) =>
    packPlugin(probe(), { capabilities: STEPS as never, permissions: [] }, { 'index.js': main });

  it('rejects a build with a block finding, as it would a version: nothing is written', async () => {
    const secret = FAKE.aws();
    const upload = await uploadDev(
      dana,
      await packProbe(
        `const key = '${secret}';\nexport default { steps: { async echo() { return { text: key }; } } };\n`,
      ),
    );
    expect(upload.state).toBe('rejected');
    expect(upload.errors.map((e) => e.code)).toContain('scan-blocked');
    expect(await exists(paths.devBuild(lab, probe()))).toBe(false);
  }, 200_000);

  it('does not hold a quarantined build for review: it is ready for its organization, findings kept', async () => {
    const upload = await uploadDev(
      dana,
      await packProbe(
        `export default { steps: { async echo(input, ctx) { await ctx.fetch('https://tracker.evil.io/p'); return { text: '' }; } } };\n`,
      ),
    );
    expect(upload.errors).toEqual([]);
    expect(upload.state).toBe('development-ready');
    expect(upload.scan?.outcome).toBe('quarantined');
    const build = (await admin.db.doc(paths.devBuild(lab, probe())).get()).data()!;
    expect(build.scan.outcome).toBe('quarantined');
    expect(build.scan.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('reach.undeclared-host');
    // Nothing reaches the administrators' review queue or the catalogue.
    expect(await exists(paths.scanReport(probe(), '1.0.0'))).toBe(false);
    expect(await exists(paths.heldVersion(probe(), '1.0.0'))).toBe(false);
    expect(await exists(paths.plugin(probe()))).toBe(false);
  }, 200_000);
});

describe('a development build with a UI panel', () => {
  it('serves the verified panel of the latest build to its organization only', async () => {
    const id = `${publisherId}.panel-probe`;
    const panelPack = (title: string) =>
      packPlugin(
        id,
        {
          capabilities: [{ type: 'ui-panel', id: 'board', title: 'Board', entry: 'panel.html' }] as never,
          permissions: [{ name: 'ui:panel', reason: 'Shows the board' }],
        },
        { 'panel.html': `<!doctype html><title>${title}</title><p>${title}</p>\n` },
      );
    const first = await publishThroughUpload(dana, publisherId, await panelPack('First board'), 'panel.tgz', lab);
    expect(first.state).toBe('development-ready');
    await dana.call(install, {
      orgId: lab,
      pluginId: id,
      grantedPermissions: [{ name: 'ui:panel', reason: 'Shows the board' }],
      development: { build: 1 },
    });
    const opened = await dana.call(openPanel, { orgId: lab, pluginId: id, panelId: 'board' });
    await expect((await fetch(opened.url)).text()).resolves.toContain('First board');
    // The next upload replaces what the open panel serves (same version, new bytes and signature).
    await publishThroughUpload(dana, publisherId, await panelPack('Second board'), 'panel.tgz', lab);
    await expect((await fetch(opened.url)).text()).resolves.toContain('Second board');
    await expect(gil.call(openPanel, { orgId: lab, pluginId: id, panelId: 'board' })).rejects.toMatchObject({
      code: 'functions/not-found',
    });
  }, 300_000);
});
