import {
  CALLABLE_LIMITS,
  collections,
  createOrg,
  getSession,
  install,
  paths,
  updateOrgSettings,
  type CallableContract,
  type CallableInput,
} from '@mlebotics/shared';
import {
  admin,
  connectClient,
  createPublisher,
  createUser,
  joinOrg,
  packPlugin,
  publishThroughUpload,
  uniqueId,
  type Client,
} from '@mlebotics/testing';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Abuse limits and idempotent mutations, through the deployed callables on the emulator.

const clients: Client[] = [];
afterAll(async () => {
  for (const c of clients) await c.close();
});
async function newClient(label: string) {
  const user = await createUser(`${uniqueId(label)}@example.com`);
  const client = await connectClient(user);
  clients.push(client);
  return { user, client };
}

/** A call with a client request id, as the console sends one per action. */
function callWithId<C extends CallableContract<z.ZodType, unknown>>(
  client: Client,
  contract: C,
  input: CallableInput<C>,
  requestId: string,
) {
  return client.callOnce(contract, { ...(input as object), requestId } as CallableInput<C>);
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('the call succeeded');
    },
    (e: { code: string; message: string; details?: Record<string, unknown> }) => e,
  );

const orgsNamed = async (name: string) =>
  (await admin.db.collection(collections.orgs).where('name', '==', name).get()).size;

describe('abuse limits', () => {
  it('refuse a burst past the bucket with resource-exhausted and the wait, writing nothing', async () => {
    const { client } = await newClient('burst');
    const { capacity, refillPerMinute } = CALLABLE_LIMITS.createOrg.perUser;
    const name = `Burst ${uniqueId('b')}`;
    for (let i = 0; i < capacity; i++) await client.callOnce(createOrg, { name, orgId: uniqueId('burst') });
    const refusedId = uniqueId('burst');
    const refused = await failure(client.callOnce(createOrg, { name, orgId: refusedId }));
    expect(refused.code).toBe('functions/resource-exhausted');
    expect(refused.details?.reason).toBe('rate-limited');
    const wait = refused.details?.retryAfterSeconds as number;
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(Math.ceil(60 / refillPerMinute));
    expect(refused.message).toMatch(/Too many createOrg requests from your account: try again in \d+ s/);
    expect((await admin.db.doc(paths.org(refusedId)).get()).exists).toBe(false);
    expect(await orgsNamed(name)).toBe(capacity);
  });

  it('keep one bucket per organization for all its members', async () => {
    const { client: owner } = await newClient('scope-owner');
    const { user: adminUser, client: second } = await newClient('scope-admin');
    const orgId = uniqueId('scoped');
    await owner.callOnce(createOrg, { name: 'Scoped', orgId });
    await joinOrg(owner, adminUser, orgId, 'admin');
    // The organization's bucket is empty (as after a burst, 20 s from its next token): another
    // member is refused too.
    await admin.db
      .doc(paths.rateLimit(`updateOrgSettings:org:${orgId}`))
      .set({ tokens: -10, at: Date.now(), expireAt: new Date(Date.now() + 3_600_000) });
    const refused = await failure(
      second.callOnce(updateOrgSettings, {
        orgId,
        settings: { internalOnly: false, allowedPublishers: [], blockedPublishers: [], maxRisk: 'low' },
      }),
    );
    expect(refused.details).toMatchObject({ reason: 'rate-limited' });
    expect(refused.message).toContain(`the org ${orgId}`);
  });

  it('limit reads per account in the instance', async () => {
    const { client } = await newClient('reader');
    const { capacity } = CALLABLE_LIMITS.getSession.perUser;
    // One after another: the emulator serves each concurrent request in a process of its own
    // (an instance each), sequential ones in the same.
    const reasons: string[] = [];
    for (let i = 0; i < capacity + 15; i++) {
      await client.callOnce(getSession, {}).then(
        () => reasons.push('ok'),
        (e: { details?: { reason?: string } }) => reasons.push(String(e.details?.reason)),
      );
    }
    expect(reasons.filter((r) => r !== 'ok' && r !== 'rate-limited')).toEqual([]);
    expect(reasons.filter((r) => r === 'rate-limited').length).toBeGreaterThanOrEqual(5);
  });

  it('refuse an input larger than the callable accepts before reading it', async () => {
    const { client } = await newClient('big');
    const orgId = uniqueId('big');
    const refused = await failure(client.callOnce(createOrg, { name: 'x'.repeat(20_000), orgId }));
    expect(refused.code).toBe('functions/invalid-argument');
    expect(refused.details?.reason).toBe('input-too-large');
    expect(refused.message).toMatch(/at most \d+ bytes are accepted/);
  });
});

describe('idempotent mutations', () => {
  let developer: Client;
  let publisherId: string;
  beforeAll(async () => {
    const dev = await newClient('idem-dev');
    developer = dev.client;
    publisherId = uniqueId('idem');
    await createPublisher(publisherId, [dev.user.uid]);
  });

  it('a retried call with the same request id returns the first result and writes nothing again', async () => {
    const { client } = await newClient('retry');
    const requestId = randomUUID();
    const orgId = uniqueId('once');
    const first = await callWithId(client, createOrg, { name: 'Once', orgId }, requestId);
    const again = await callWithId(client, createOrg, { name: 'Once', orgId }, requestId);
    expect(again).toEqual(first);
    // The same org id without the request id is a new action: refused as taken.
    expect((await failure(client.callOnce(createOrg, { name: 'Once', orgId }))).code).toBe('functions/already-exists');
    // A replay takes no token: the bucket was charged for the two real calls only.
    const bucket = (await admin.db.doc(paths.rateLimit(`createOrg:user:${client.uid}`)).get()).data()!;
    expect(bucket.tokens).toBeGreaterThan(CALLABLE_LIMITS.createOrg.perUser.capacity - 2 - 0.5);
    expect(bucket.tokens).toBeLessThan(CALLABLE_LIMITS.createOrg.perUser.capacity - 2 + 0.5);
  });

  it('a double submit of Install makes one install, one audit entry and counts once', async () => {
    const pluginId = `${publisherId}.double`;
    const upload = await publishThroughUpload(developer, publisherId, await packPlugin(pluginId, {}));
    expect(upload.state).toBe('published');
    const { client: owner } = await newClient('double');
    const orgId = uniqueId('double');
    await owner.callOnce(createOrg, { name: 'Double', orgId });
    const requestId = randomUUID();
    const input = { orgId, pluginId, grantedPermissions: [] };
    const results = await Promise.all([1, 2, 3].map(() => callWithId(owner, install, input, requestId)));
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect(results[0]).toMatchObject({ pluginId, changed: true });
    const audit = await admin.db.collection(paths.auditLog(orgId)).where('pluginId', '==', pluginId).get();
    expect(audit.size).toBe(1);
    expect((await admin.db.doc(paths.plugin(pluginId)).get()).get('installCount')).toBe(1);
  });

  it('refuse the same request id with another input, and release an id whose call was refused', async () => {
    const { client } = await newClient('reuse');
    const requestId = randomUUID();
    const orgId = uniqueId('reuse');
    await callWithId(client, createOrg, { name: 'Reuse', orgId }, requestId);
    const reused = await failure(callWithId(client, createOrg, { name: 'Other', orgId: uniqueId('o') }, requestId));
    expect(reused.details?.reason).toBe('request-id-reused');

    // Refused (the id is taken): the request id is free again for the corrected action.
    const second = randomUUID();
    expect((await failure(callWithId(client, createOrg, { name: 'Taken', orgId }, second))).code).toBe(
      'functions/already-exists',
    );
    expect((await admin.db.doc(paths.callRequest(`${client.uid}:createOrg:${second}`)).get()).exists).toBe(false);
    const freeId = uniqueId('free');
    await expect(callWithId(client, createOrg, { name: 'Taken', orgId: freeId }, second)).resolves.toMatchObject({
      orgId: freeId,
    });
    const record = (await admin.db.doc(paths.callRequest(`${client.uid}:createOrg:${second}`)).get()).data()!;
    expect(record).toMatchObject({ state: 'done', callable: 'createOrg', uid: client.uid });
  });

  it('refuse a malformed request id', async () => {
    const { client } = await newClient('badid');
    const refused = await failure(callWithId(client, createOrg, { name: 'Bad', orgId: uniqueId('b') }, 'short'));
    expect(refused.details?.reason).toBe('invalid-input');
    expect(refused.message).toContain('requestId');
  });
});
