import {
  RUNTIME_LIMITS,
  converters,
  createOrg,
  install,
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
import { Timestamp } from 'firebase-admin/firestore';
import { doc, getDoc } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const OBJECT = { type: 'object' };
const step = (id: string): Capability => ({
  type: 'automation-step',
  id,
  title: id,
  inputSchema: OBJECT,
  outputSchema: OBJECT,
  timeoutMs: 10_000,
});
const PERMISSIONS: Permission[] = [{ name: 'sensors:read', reason: 'Reads the dock sensors' }];
const MAIN = `export default {
  steps: {
    async chatty(input, ctx) { for (let i = 0; i < 251; i++) ctx.log('line ' + i); return { lines: 251 }; },
    async nan() { return { level: NaN, when: new Date(), fn: undefined }; },
    async broken(input, ctx) {
      ctx.log('about to call the weather API');
      const response = await fetch('https://api.example.com/');
      return { response };
    },
    async sense(input, ctx) { const r = await ctx.sensors.read(input.sensorId); ctx.log('read ' + r.value); return r; },
  },
};
`;

let owner: Client;
let outsider: Client;
let ownerUid: string;
let orgId: string;
let pluginId: string;

const run = (client: Client, stepId: string, input: unknown = {}) =>
  client.call(runPluginStep, { orgId, pluginId, stepId, input });

async function failure(promise: Promise<unknown>): Promise<{ message: string; details: Record<string, unknown> }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the call should have failed').toBeDefined();
  return error as { message: string; details: Record<string, unknown> };
}

async function record(runId: unknown) {
  expect(typeof runId).toBe('string');
  const snapshot = await admin.db
    .doc(paths.run(orgId, runId as string))
    .withConverter(converters.run)
    .get();
  return snapshot.data()!;
}

beforeAll(async () => {
  await resetEmulators();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  const publisherId = uniqueId('quay');
  await createPublisher(publisherId, [dev.uid]);
  const developer = await connectClient(dev);
  pluginId = `${publisherId}.dock-sense`;
  const upload = await publishThroughUpload(
    developer,
    publisherId,
    await packPlugin(
      pluginId,
      { capabilities: ['chatty', 'nan', 'broken', 'sense'].map(step) as never, permissions: PERMISSIONS },
      { 'index.js': MAIN },
    ),
  );
  if (upload.state !== 'published') throw new Error(JSON.stringify(upload.errors));
  await developer.close();
  const ownerUser = await createUser(`${uniqueId('owner')}@example.com`);
  ownerUid = ownerUser.uid;
  owner = await connectClient(ownerUser);
  outsider = await connectClient(await createUser(`${uniqueId('outsider')}@example.com`));
  orgId = uniqueId('quay-org');
  await owner.call(createOrg, { name: 'Quay', orgId });
  await owner.call(install, { orgId, pluginId, grantedPermissions: PERMISSIONS });
  await admin.db
    .doc(paths.sensor(orgId, 'dock-4-temp'))
    .withConverter(converters.sensor)
    .set({ value: 21.5, unit: '°C', at: Timestamp.now() });
}, 300_000);

afterAll(async () => {
  await Promise.all([owner, outsider].map((c) => c?.close()));
});

describe('run records and logs', () => {
  it(`keeps ${RUNTIME_LIMITS.logLines} log lines, counts the rest, and records the run`, async () => {
    const result = await run(owner, 'chatty');
    expect(result.logs).toHaveLength(RUNTIME_LIMITS.logLines);
    expect(result.logs.at(-1)).toBe(`line ${RUNTIME_LIMITS.logLines - 1}`);
    expect(result.logLinesDropped).toBe(251 - RUNTIME_LIMITS.logLines);
    const stored = await record(result.runId);
    expect(stored).toMatchObject({
      pluginId,
      stepId: 'chatty',
      uid: ownerUid,
      outcome: 'ok',
      error: null,
      output: '{"lines":251}',
      input: '{}',
      logLinesDropped: 51,
    });
    expect(stored.logs).toHaveLength(RUNTIME_LIMITS.logLines);
    const retention = stored.expireAt.toMillis() - stored.at.toMillis();
    expect(Math.round(retention / 86_400_000)).toBe(30);
  });

  it('refuses an output that is not JSON data, naming the path, and records the failure', async () => {
    const error = await failure(run(owner, 'nan'));
    expect(error.message).toMatch(/^output\.level is NaN — outputs must be JSON data/);
    expect(error.details).toMatchObject({ hostCode: 'invalid-output' });
    const stored = await record(error.details.runId);
    expect(stored.outcome).toBe('invalid-output');
    expect(stored.output).toBeNull();
    expect(stored.error).toMatchObject({
      code: 'invalid-output',
      title: expect.stringContaining('not JSON data'),
      advice: expect.any(String),
    });
  });

  it('a failed run returns its log and the error’s file:line with a hint for the missing global', async () => {
    const error = await failure(run(owner, 'broken'));
    expect(error.message).toMatch(/^ReferenceError: 'fetch' is not defined \(at index\.js:7:\d+\) — .*ctx\.fetch/);
    expect(error.details).toMatchObject({ hostCode: 'plugin-error', logs: ['about to call the weather API'] });
    const stored = await record(error.details.runId);
    expect(stored.logs).toEqual(['about to call the weather API']);
    expect(stored.error?.title).toBe('The plugin failed');
  });

  it('reads a sensor of the organization and records the permission use', async () => {
    const result = await run(owner, 'sense', { sensorId: 'dock-4-temp' });
    expect(result.output).toMatchObject({ sensorId: 'dock-4-temp', value: 21.5, unit: '°C' });
    const stored = await record(result.runId);
    expect(stored.calls).toEqual([expect.objectContaining({ permission: 'sensors:read', allowed: true })]);
    expect(stored.callsTotal).toBe(1);
  });

  it('members read the runs; people outside the organization cannot', async () => {
    const result = await run(owner, 'sense', { sensorId: 'dock-4-temp' });
    const read = (client: Client) => getDoc(doc(client.db, paths.run(orgId, result.runId!)));
    await expect(read(owner).then((s) => s.get('stepId'))).resolves.toBe('sense');
    await expect(read(outsider)).rejects.toMatchObject({ code: 'permission-denied' });
  });
});
