// Install requests: an operator asks, owners and admins decide (install = approve, or decline
// with a reason); hostile and repeated calls change nothing.
import {
  createOrg,
  declineInstallRequest,
  install,
  paths,
  requestInstall,
  uninstall,
  type Permission,
} from '@mlebotics/shared';
import {
  admin,
  connectClient,
  createPublisher,
  createUser,
  joinOrg,
  packPlugin,
  publishThroughUpload,
  resetEmulators,
  uniqueId,
  type Client,
} from '@mlebotics/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SENSORS: Permission = { name: 'sensors:read', reason: 'Reads the tank level sensors' };

let owner: Client;
let operator: Client;
let stranger: Client;
let operatorUid: string;
let orgId: string;
let pluginId: string;
let privateId: string;
const clients: Client[] = [];

const request = async (id: string) => (await admin.db.doc(paths.installRequest(orgId, id)).get()).data();

beforeAll(async () => {
  await resetEmulators();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  const publisherId = uniqueId('tanks');
  await createPublisher(publisherId, [dev.uid]);
  const developer = await connectClient(dev);
  pluginId = `${publisherId}.level`;
  privateId = `${publisherId}.internal`;
  for (const [id, overrides] of [
    [pluginId, { version: '1.0.0', permissions: [SENSORS] }],
    [privateId, { version: '1.0.0' }],
  ] as const) {
    const upload = await publishThroughUpload(developer, publisherId, await packPlugin(id, overrides as never));
    if (upload.state !== 'published') throw new Error(JSON.stringify(upload.errors));
  }
  await developer.close();
  const ownerUser = await createUser(`${uniqueId('owner')}@example.com`);
  const operatorUser = await createUser(`${uniqueId('operator')}@example.com`);
  operatorUid = operatorUser.uid;
  owner = await connectClient(ownerUser);
  operator = await connectClient(operatorUser);
  stranger = await connectClient(await createUser(`${uniqueId('stranger')}@example.com`));
  clients.push(owner, operator, stranger);
  orgId = uniqueId('water');
  await owner.call(createOrg, { name: 'Water Works', orgId });
  await joinOrg(owner, operatorUser, orgId, 'operator');
  // A listing private to another organization: this one may not even ask for it.
  await admin.db.doc(paths.plugin(privateId)).update({ visibility: 'private', privateOrgId: 'someone-else' });
}, 300_000);
afterAll(async () => {
  for (const c of clients) await c.close();
});

describe('install requests', () => {
  it('an operator asks once; asking again changes nothing', async () => {
    await expect(
      operator.call(requestInstall, { orgId, pluginId, note: 'We need tank alarms on line 2.' }),
    ).resolves.toEqual({ pluginId, status: 'pending', changed: true });
    const first = await request(pluginId);
    expect(first).toMatchObject({
      status: 'pending',
      note: 'We need tank alarms on line 2.',
      version: '1.0.0',
      requestedBy: { uid: operatorUid },
    });
    await expect(operator.call(requestInstall, { orgId, pluginId, note: 'again' })).resolves.toEqual({
      pluginId,
      status: 'pending',
      changed: false,
    });
    expect((await request(pluginId))?.note).toBe('We need tank alarms on line 2.');
  });

  it('refuses strangers, plugins the organization cannot use, and hostile input', async () => {
    await expect(stranger.call(requestInstall, { orgId, pluginId, note: '' })).rejects.toMatchObject({
      code: 'functions/not-found',
    });
    await expect(operator.call(requestInstall, { orgId, pluginId: privateId, note: '' })).rejects.toMatchObject({
      code: 'functions/not-found',
    });
    await expect(
      operator.call(requestInstall, { orgId, pluginId, note: 'x'.repeat(501) } as never),
    ).rejects.toMatchObject({ code: 'functions/invalid-argument' });
    await expect(
      operator.call(requestInstall, { orgId: '../orgs', pluginId, note: '' } as never),
    ).rejects.toMatchObject({ code: 'functions/invalid-argument' });
    expect(await request(privateId)).toBeUndefined();
  });

  it('only owners and admins decline, with a reason the operator sees', async () => {
    await expect(
      operator.call(declineInstallRequest, { orgId, pluginId, reason: 'Approving myself' }),
    ).rejects.toMatchObject({ code: 'functions/permission-denied' });
    await expect(owner.call(declineInstallRequest, { orgId, pluginId, reason: 'no' })).rejects.toMatchObject({
      code: 'functions/invalid-argument',
    });
    const reason = 'We already run the tank vendor’s own alarms.';
    await expect(owner.call(declineInstallRequest, { orgId, pluginId, reason })).resolves.toMatchObject({
      status: 'declined',
      changed: true,
    });
    // A retried decline answers the same and writes nothing more.
    await expect(owner.call(declineInstallRequest, { orgId, pluginId, reason })).resolves.toMatchObject({
      status: 'declined',
      changed: false,
    });
    expect(await request(pluginId)).toMatchObject({ status: 'declined', outcome: reason });
    await expect(
      owner.call(declineInstallRequest, { orgId, pluginId, reason: 'Another reason entirely' }),
    ).rejects.toMatchObject({ code: 'functions/failed-precondition' });
  });

  it('asking again after a decline opens a new request; installing approves it', async () => {
    await operator.call(requestInstall, { orgId, pluginId, note: 'The vendor alarms were retired.' });
    expect(await request(pluginId)).toMatchObject({ status: 'pending', decidedBy: null, outcome: null });
    await owner.call(install, { orgId, pluginId, grantedPermissions: [SENSORS] });
    expect(await request(pluginId)).toMatchObject({ status: 'approved', outcome: 'Installed version 1.0.0.' });
    // Nothing to ask for while it is installed.
    await expect(operator.call(requestInstall, { orgId, pluginId, note: '' })).rejects.toMatchObject({
      code: 'functions/already-exists',
    });
    await owner.call(uninstall, { orgId, pluginId });
  });
});
