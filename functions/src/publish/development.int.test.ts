// Development builds end to end: who may upload one, that it stays inside its organization
// (no version, listing or search entry; outsiders cannot install or run it), that each upload
// replaces the last, that runs need consent to a build's grown permissions, and that the
// version number stays free for a real publish.
import {
  collections,
  createOrg,
  createUpload,
  install,
  listInstalled,
  objectPaths,
  paths,
  runPluginStep,
  setPublisherSuspended,
  uninstall,
  verifyEnvelope,
  checkSubject,
  type Capability,
  type DsseEnvelope,
  type Permission,
} from '@mlebotics/shared';
import { sha256Hex } from '@mlebotics/shared/node';
import {
  admin,
  connectClient,
  createPublisher,
  createUser,
  packPlugin,
  publishThroughUpload,
  resetEmulators,
  uniqueId,
  waitForUpload,
  type Client,
} from '@mlebotics/testing';
import { doc, getDoc } from 'firebase/firestore';
import { ref, uploadBytes } from 'firebase/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_ORPHAN_AFTER_MS, sweepDevelopmentObjects } from './development-sweep.js';

const text = { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] };
const STEPS: Capability[] = [
  { type: 'automation-step', id: 'echo', title: 'Echo', inputSchema: text, outputSchema: text },
];
const mainSaying = (word: string) =>
  `export default { steps: { async echo(input) { return { text: '${word} ' + input.text }; } } };\n`;
const FETCH: Permission = { name: 'network:fetch', reason: 'Reads the dock schedule', hosts: ['docks.example.com'] };
const STORE: Permission = { name: 'storage:plugin', reason: 'Remembers the last note' };

let dana: Client; // member of the publisher and owner of the lab: may upload development builds
let olga: Client; // member of the publisher only
let gil: Client; // owner of another organization
let publisherId: string;
let lab: string;
let yard: string;
let pluginId: string;

const pack = (word: string, permissions: Permission[]) =>
  packPlugin(pluginId, { capabilities: STEPS as never, permissions }, { 'index.js': mainSaying(word) });
const uploadDev = async (client: Client, bytes: Uint8Array, org = lab) =>
  publishThroughUpload(client, publisherId, bytes, 'dev.tgz', org);
const run = (client: Client, org = lab) =>
  client.call(runPluginStep, { orgId: org, pluginId, stepId: 'echo', input: { text: 'berth' } });
const exists = async (path: string) => (await admin.db.doc(path).get()).exists;
const objectExists = async (path: string) => (await admin.bucket().file(path).exists())[0];

beforeAll(async () => {
  await resetEmulators();
  const [d, o, g] = await Promise.all(['dana', 'olga', 'gil'].map((n) => createUser(`${uniqueId(n)}@example.com`)));
  publisherId = uniqueId('devpub');
  pluginId = `${publisherId}.dock-tools`;
  await createPublisher(publisherId, [d!.uid, o!.uid]);
  [dana, olga, gil] = await Promise.all([connectClient(d!), connectClient(o!), connectClient(g!)]);
  lab = uniqueId('lab');
  yard = uniqueId('yard');
  await dana.call(createOrg, { name: 'Lab', orgId: lab });
  await gil.call(createOrg, { name: 'Yard', orgId: yard });
}, 120_000);
afterAll(() => Promise.all([dana, olga, gil].map((c) => c?.close())));

describe('who may upload a development build', () => {
  const intent = (client: Client, orgId: string, pub = publisherId) =>
    client.call(createUpload, { publisherId: pub, size: 100, sha256: 'a'.repeat(64), development: { orgId } });

  it('refuses a member of the publisher who does not own the organization', async () => {
    await expect(intent(olga, lab)).rejects.toMatchObject({
      code: 'functions/permission-denied',
      message: expect.stringContaining(`only by its owners`),
    });
  });
  it('refuses an organization owner who is not a member of the publisher', async () => {
    await expect(intent(gil, yard)).rejects.toMatchObject({
      code: 'functions/permission-denied',
      message: expect.stringContaining(`not a member of the publisher "${publisherId}"`),
    });
  });
  it('refuses another organization, and answers the same whether it exists or not', async () => {
    const refusal = (orgId: string) =>
      intent(dana, orgId).then(
        () => 'accepted',
        (e: Error) => e.message,
      );
    const other = await refusal(yard);
    const missing = await refusal(uniqueId('nowhere'));
    expect(other).toContain('only by its owners');
    expect(missing.replace(/"[^"]+"/g, '"…"')).toBe(other.replace(/"[^"]+"/g, '"…"'));
  });
});

describe('a development build', () => {
  let first: Awaited<ReturnType<typeof uploadDev>>;

  beforeAll(async () => {
    first = await uploadDev(dana, await pack('hello', [STORE]));
  }, 200_000);

  it('is signed and ready for its organization only, with no version, listing or search entry', async () => {
    expect(first.errors).toEqual([]);
    expect(first).toMatchObject({
      state: 'development-ready',
      pluginId,
      version: '1.0.0',
      development: { orgId: lab, build: 1 },
    });
    const build = (await admin.db.doc(paths.devBuild(lab, pluginId)).get()).data()!;
    expect(build).toMatchObject({
      build: 1,
      version: '1.0.0',
      publisherId,
      uploadId: first.uploadId,
      permissions: [STORE],
    });
    expect(await exists(paths.version(pluginId, '1.0.0'))).toBe(false);
    expect(await exists(paths.plugin(pluginId))).toBe(false);
    expect(await exists(paths.searchChange(pluginId))).toBe(false);
    expect(await objectExists(objectPaths.artifact(pluginId, '1.0.0'))).toBe(false);
    const [artifact] = await admin.bucket().file(build.artifactPath).download();
    const envelope = JSON.parse(
      (await admin.bucket().file(build.envelopePath).download())[0].toString(),
    ) as DsseEnvelope;
    const keys = (await admin.db.collection(collections.signingKeys).get()).docs;
    const verified = verifyEnvelope(
      envelope,
      keys.map((k) => ({ keyId: k.id, publicKeyPem: k.get('publicKeyPem'), status: k.get('status') })),
    );
    expect(verified.ok).toBe(true);
    expect(verified.ok && checkSubject(verified.statement, pluginId, '1.0.0', sha256Hex(artifact))).toBeUndefined();
    // Signed for this organization: the loader refuses it as a published version or elsewhere.
    expect(verified.ok && verified.statement.predicate.development).toEqual({ orgId: lab });
  });

  it('is invisible outside the organization: outsiders read nothing and cannot install or run it', async () => {
    for (const outsider of [olga, gil]) {
      await expect(getDoc(doc(outsider.db, paths.devBuild(lab, pluginId)))).rejects.toMatchObject({
        code: 'permission-denied',
      });
      await expect(
        outsider.call(install, { orgId: lab, pluginId, grantedPermissions: [STORE], development: { build: 1 } }),
      ).rejects.toMatchObject({ code: 'functions/not-found' });
    }
    // Another organization has no development build of it, and the catalogue has no such plugin.
    await expect(
      gil.call(install, { orgId: yard, pluginId, grantedPermissions: [STORE], development: { build: 1 } }),
    ).rejects.toMatchObject({ code: 'functions/not-found', message: expect.stringContaining('no development build') });
    await expect(gil.call(install, { orgId: yard, pluginId, grantedPermissions: [STORE] })).rejects.toMatchObject({
      code: 'functions/not-found',
    });
    await expect(run(gil, yard)).rejects.toMatchObject({ code: 'functions/failed-precondition' });
    await expect(run(gil)).rejects.toMatchObject({ code: 'functions/not-found' });
  });

  it('installs with consent to exactly its permissions, badged as a development build, and runs verified', async () => {
    await expect(
      dana.call(install, { orgId: lab, pluginId, grantedPermissions: [], development: { build: 1 } }),
    ).rejects.toMatchObject({
      code: 'functions/failed-precondition',
      message: expect.stringContaining('Missing: storage:plugin'),
    });
    await dana.call(install, { orgId: lab, pluginId, grantedPermissions: [STORE], development: { build: 1 } });
    const installed = (await admin.db.doc(paths.install(lab, pluginId)).get()).data()!;
    expect(installed).toMatchObject({ version: '1.0.0', development: { build: 1 }, grantedPermissions: [STORE] });
    await expect(run(dana)).resolves.toMatchObject({ output: { text: 'hello berth' }, version: '1.0.0' });
    const { installs } = await dana.call(listInstalled, { orgId: lab });
    expect(installs).toMatchObject([{ pluginId, development: { build: 1, latestBuild: 1, needsConsent: false } }]);
  });

  it('is replaced by the next upload, which runs at once when it asks for nothing more', async () => {
    const second = await uploadDev(dana, await pack('howdy', [STORE]));
    expect(second).toMatchObject({ state: 'development-ready', development: { orgId: lab, build: 2 } });
    expect(await objectExists(objectPaths.devArtifact(lab, pluginId, first.uploadId))).toBe(false);
    expect(await objectExists(objectPaths.devArtifact(lab, pluginId, second.uploadId))).toBe(true);
    await expect(run(dana)).resolves.toMatchObject({ output: { text: 'howdy berth' } });
  }, 200_000);

  it('refuses to run a build that asks for more until an owner consents to that build', async () => {
    const third = await uploadDev(dana, await pack('ahoy', [STORE, FETCH]));
    expect(third.development).toEqual({ orgId: lab, build: 3 });
    await expect(run(dana)).rejects.toMatchObject({
      code: 'functions/failed-precondition',
      message: expect.stringContaining('asks for more than was granted to build #1 (network:fetch)'),
    });
    const { installs } = await dana.call(listInstalled, { orgId: lab });
    expect(installs[0]).toMatchObject({ development: { build: 1, latestBuild: 3, needsConsent: true } });
    // Consent given for an older build does not install the newer one.
    await expect(
      dana.call(install, { orgId: lab, pluginId, grantedPermissions: [STORE, FETCH], development: { build: 2 } }),
    ).rejects.toMatchObject({ message: expect.stringContaining('was replaced by build #3') });
    const installThird = () =>
      dana.call(install, { orgId: lab, pluginId, grantedPermissions: [STORE, FETCH], development: { build: 3 } });
    // The organization's policy applies to development builds as to any plugin.
    const policy = async (settings: Record<string, unknown>) =>
      admin.db
        .doc(paths.org(lab))
        .update(Object.fromEntries(Object.entries(settings).map(([k, v]) => [`settings.${k}`, v])));
    await policy({ maxRisk: 'low' });
    await expect(installThird()).rejects.toMatchObject({
      details: { reason: 'policy-blocked' },
      message: expect.stringContaining('network:fetch (medium)'),
    });
    await policy({ maxRisk: 'high', blockedPublishers: [publisherId] });
    await expect(installThird()).rejects.toMatchObject({
      details: { reason: 'policy-blocked' },
      message: expect.stringContaining(`"${publisherId}" is blocked`),
    });
    // Nobody outside the organization sees a development build: it counts as internal.
    await policy({ blockedPublishers: [], internalOnly: true });
    await installThird();
    await policy({ internalOnly: false });
    await expect(run(dana)).resolves.toMatchObject({ output: { text: 'ahoy berth' } });
    // A suspended publisher's development builds stop in every organization (a plugin id with
    // development builds only has no listing for the kill switch to mark).
    const moderator = await connectClient(await createUser(`${uniqueId('mod')}@example.com`, { admin: true }));
    await moderator.call(setPublisherSuspended, { publisherId, suspended: true, reason: 'Ships a coin miner' });
    await expect(run(dana)).rejects.toMatchObject({
      details: { reason: 'publisher-suspended' },
      message: expect.stringContaining('Ships a coin miner'),
    });
    await moderator.call(setPublisherSuspended, { publisherId, suspended: false, reason: 'Cleared on appeal' });
    await expect(run(dana)).resolves.toMatchObject({ output: { text: 'ahoy berth' } });
    await moderator.close();
  }, 200_000);

  it('leaves the version number free: the same version publishes normally afterwards', async () => {
    const published = await publishThroughUpload(dana, publisherId, await pack('released', [STORE]));
    expect(published.errors).toEqual([]);
    expect(published.state).toBe('published');
    // The organization keeps running its development build until it uninstalls it.
    await expect(dana.call(install, { orgId: lab, pluginId, grantedPermissions: [STORE] })).rejects.toMatchObject({
      code: 'functions/already-exists',
      message: expect.stringContaining('development build #3'),
    });
    await expect(run(dana)).resolves.toMatchObject({ output: { text: 'ahoy berth' } });
    await dana.call(uninstall, { orgId: lab, pluginId });
    expect((await admin.db.doc(paths.plugin(pluginId)).get()).get('installCount')).toBe(0);
  }, 200_000);

  it('is refused at commit when the uploader stopped owning the organization meanwhile', async () => {
    const bytes = await pack('late', [STORE]);
    const intent = await dana.call(createUpload, {
      publisherId,
      size: bytes.length,
      sha256: sha256Hex(bytes),
      development: { orgId: lab },
    });
    await admin.db.doc(paths.org(lab)).update({ [`members.${dana.uid!}`]: 'admin' });
    try {
      const finished = waitForUpload(dana, intent.uploadId);
      await uploadBytes(ref(dana.storage, intent.objectPath), bytes, { contentType: 'application/gzip' });
      const upload = await finished;
      expect(upload.state).toBe('rejected');
      expect(upload.errors[0]?.message).toContain('only by its owners');
      expect((await admin.db.doc(paths.devBuild(lab, pluginId)).get()).get('build')).toBe(3);
    } finally {
      await admin.db.doc(paths.org(lab)).update({ [`members.${dana.uid!}`]: 'owner' });
    }
  }, 200_000);

  it('leaves no unreferenced objects behind a crash: the sweep removes them once they are old', async () => {
    const build = (await admin.db.doc(paths.devBuild(lab, pluginId)).get()).data()!;
    // What a crash between committing a build and deleting the replaced one's objects leaves.
    const orphans = [
      objectPaths.devArtifact(lab, pluginId, 'crashed'),
      objectPaths.devEnvelope(lab, pluginId, 'crashed'),
    ];
    await Promise.all(orphans.map((path) => admin.bucket().file(path).save('left over', { resumable: false })));
    // Young objects may belong to a build being committed right now: kept.
    await sweepDevelopmentObjects(Date.now());
    expect(await Promise.all(orphans.map(objectExists))).toEqual([true, true]);
    const removed = await sweepDevelopmentObjects(Date.now() + DEV_ORPHAN_AFTER_MS + 60_000);
    expect(removed).toBeGreaterThanOrEqual(2);
    expect(await Promise.all(orphans.map(objectExists))).toEqual([false, false]);
    // The organization's current build keeps its objects.
    expect(await objectExists(build.artifactPath)).toBe(true);
    expect(await objectExists(build.envelopePath)).toBe(true);
  }, 200_000);
});
