import { createOrg, paths, search, updateListing, yankVersion, type CallableInput } from '@mlebotics/shared';
import {
  admin,
  connectClient,
  createPublisher,
  createUser,
  eventually,
  joinOrg,
  packPlugin,
  publishThroughUpload,
  uniqueId,
  type Client,
} from '@mlebotics/testing';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchEngine } from './engine.js';

// The search service through the real trigger (searchFeed), snapshot and callable.

let developer: Client;
let visitor: Client;
let memberA: Client;
let memberB: Client;
let publisherId: string;
let orgA: string;
let orgB: string;
const clients: Client[] = [];

beforeAll(async () => {
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  publisherId = uniqueId('finders');
  await createPublisher(publisherId, [dev.uid], true);
  developer = await connectClient(dev);
  visitor = await connectClient();
  const userA = await createUser(`${uniqueId('a')}@example.com`);
  memberA = await connectClient(userA);
  memberB = await connectClient(await createUser(`${uniqueId('b')}@example.com`));
  clients.push(developer, visitor, memberA, memberB);
  orgA = uniqueId('orga');
  orgB = uniqueId('orgb');
  // The publisher's developer owns org A (a plugin is made private to an organization of its
  // publisher's member); memberA is an operator there.
  await developer.call(createOrg, { name: 'Org A', orgId: orgA });
  await joinOrg(developer, userA, orgA, 'operator');
  await memberB.call(createOrg, { name: 'Org B', orgId: orgB });
}, 120_000);
afterAll(async () => {
  for (const c of clients) await c.close();
});

const find = (client: Client, text: string, extra: Partial<CallableInput<typeof search>> = {}) =>
  client.callOnce(search, { text, ...extra });
const ids = async (client: Client, text: string, extra: Partial<CallableInput<typeof search>> = {}) =>
  (await find(client, text, extra)).hits.map((h) => h.id);

async function publish(slug: string, overrides: Record<string, unknown>) {
  const id = `${publisherId}.${slug}`;
  const upload = await publishThroughUpload(developer, publisherId, await packPlugin(id, overrides as never));
  if (upload.state !== 'published') throw new Error(JSON.stringify(upload.errors));
  return id;
}

/** Waits until the search shows (or stops showing) a plugin; prints how long that took. */
async function until(what: string, probe: () => Promise<boolean>) {
  const started = Date.now();
  await eventually(async () => ((await probe()) ? true : undefined), what, 15_000);
  console.log(`search: ${what} after ${Date.now() - started} ms`);
}

describe('search', () => {
  it('finds a published plugin by a misspelt word, signed out, then not once its only version is yanked', async () => {
    const tag = uniqueId('zq')
      .replace(/[^a-z]/g, '')
      .slice(0, 6);
    const id = await publish('greenhouse-thermo', {
      name: `Greenhouse Thermometer ${tag}`,
      description: 'Reads greenhouse temperature sensors and raises alarms on frost.',
      keywords: ['temperature', 'greenhouse', tag],
      version: '1.0.0',
    });
    await until('a publish is searchable', async () =>
      (await ids(visitor, `temprature greenhouse ${tag}`)).includes(id),
    );
    const result = await find(visitor, `greenhuose thermometr ${tag}`);
    expect(result.hits[0]?.id).toBe(id);
    expect(result.hits[0]?.highlights.name?.length).toBeGreaterThan(0);
    expect(result.facets.category).toBeTypeOf('object');

    await developer.call(yankVersion, { pluginId: id, version: '1.0.0', yanked: true, reason: 'broken build' });
    await until(
      'a yank is unsearchable',
      async () => !(await ids(visitor, `greenhouse thermometer ${tag}`)).includes(id),
    );
  });

  it('shows a private plugin only to members of its organization, in results and in counts', async () => {
    const tag = uniqueId('pv')
      .replace(/[^a-z]/g, '')
      .slice(0, 6);
    const id = await publish('dock-secret', {
      name: `Dock Scheduler ${tag}`,
      description: 'Schedules dock doors for inbound trucks.',
      keywords: ['dock', tag],
      version: '1.0.0',
    });
    await until('a public plugin is searchable', async () =>
      (await ids(visitor, `dock scheduler ${tag}`)).includes(id),
    );
    await developer.call(updateListing, { pluginId: id, visibility: { visibility: 'private', orgId: orgA } });
    await until('a plugin made private leaves public search', async () => (await find(visitor, tag)).total === 0);

    for (const [who, client, extra] of [
      ['signed out', visitor, {}],
      ['org B member', memberB, { orgId: orgB }],
      ['org A member without the org', memberA, {}],
    ] as const) {
      const result = await find(client, `dock scheduler ${tag}`, extra);
      expect(
        result.hits.map((h) => h.id),
        who,
      ).not.toContain(id);
      expect(
        Object.values(result.facets.publisher).reduce((a, b) => a + b, 0),
        who,
      ).toBe(result.total);
      expect(result.facets.publisher[publisherId] ?? 0, who).toBe(0);
    }
    const own = await find(memberA, `dock scheduler ${tag}`, { orgId: orgA });
    expect(own.hits.find((h) => h.id === id)).toMatchObject({ private: true });
    expect(own.facets.publisher[publisherId]).toBeGreaterThanOrEqual(1);
    // Naming an organization one is not a member of reveals nothing.
    await expect(find(memberB, tag, { orgId: orgA })).rejects.toMatchObject({ details: { reason: 'not-found' } });
    await expect(find(visitor, tag, { orgId: orgA })).rejects.toMatchObject({ details: { reason: 'not-found' } });
  });

  it('answers hostile queries without failing, and keeps a snapshot for cold starts', async () => {
    for (const text of ['', '((((*', '"\\u0000 OR 1=1 --', '__proto__ constructor', '🤖🤖🤖', 'x'.repeat(1999)]) {
      const result = await find(visitor, text);
      expect(result.total).toBeGreaterThanOrEqual(0);
    }
    await expect(find(visitor, 'x'.repeat(2001))).rejects.toMatchObject({ code: 'functions/invalid-argument' });
    await until('the snapshot exists', async () => {
      const meta = (await admin.db.doc(paths.searchIndex('public')).get()).data();
      return !!meta?.path && (await admin.bucket().file(meta.path).exists())[0];
    });
    // What a cold start loads: the gzipped binary snapshot, whole.
    const meta = (await admin.db.doc(paths.searchIndex('public')).get()).data()!;
    const [bytes] = await admin
      .bucket()
      .file(meta.path as string)
      .download();
    const loaded = SearchEngine.load(gunzipSync(bytes));
    expect(loaded.size).toBe(meta.count);
  });
});
