// The population a load run acts as: signed-in users (Auth emulator accounts with real ID
// tokens), one organization each, developers with publishers, and plugins published through
// the real pipeline (upload intent, upload to Storage, the Storage trigger).
import { randomBytes } from 'node:crypto';
import { packFiles, sha256Hex } from '@mlebotics/shared/node';
import { type Permission, type PluginManifest } from '@mlebotics/shared';
import {
  connectClient,
  createPublisher,
  createUser,
  pluginFiles,
  seedOrg,
  waitForUpload,
  type Client,
  type FinishedUpload,
  type TestUser,
} from '@mlebotics/testing';
import { ref, uploadBytes } from 'firebase/storage';
import { callOnce, type CallOptions } from './callable.js';
import type { Stats } from './stats.js';

export type PluginKind = 'step' | 'panel' | 'paid';

export interface LoadPlugin {
  id: string;
  kind: PluginKind;
  publisherId: string;
  permissions: Permission[];
}

export interface Member {
  user: TestUser;
  client: Client;
  token: () => Promise<string>;
  orgId: string;
  /** Set for developers: their publisher and the next patch number they publish. */
  developer?: { publisherId: string; nextPatch: number };
  /** What the organization has installed (plugin → version), as this user last saw it. */
  installed: Map<string, string>;
  entitled: Set<string>;
  reviewed: Set<string>;
}

export interface World {
  tag: string;
  members: Member[];
  plugins: LoadPlugin[];
  /** A marketplace administrator (recovery: recomputeRatings). */
  admin: Member;
}

const PANEL_PERMISSIONS: Permission[] = [{ name: 'ui:panel', reason: 'Shows its panel in the console.' }];

/** The manifest overrides that make each kind of test plugin. */
function overridesFor(id: string, kind: PluginKind, version: string): Partial<PluginManifest> {
  // "Harbor step", "Quarry step": distinct display names per publisher (see publisherWord).
  const word = id.split('.')[0]!.split('-').at(-1)!;
  const name = `${word[0]!.toUpperCase()}${word.slice(1)} ${kind}`;
  if (kind !== 'panel') return { version, name };
  return {
    version,
    name,
    capabilities: [{ type: 'ui-panel', id: 'main', title: 'Main panel', entry: 'panel.html', height: 200 }],
    permissions: PANEL_PERMISSIONS,
  };
}

export async function packagePlugin(id: string, kind: PluginKind, version: string): Promise<Uint8Array> {
  const extra: Record<string, string> =
    kind === 'panel' ? { 'panel.html': '<!doctype html><title>panel</title><p>panel</p>\n' } : {};
  return packFiles(pluginFiles(id, overridesFor(id, kind, version), extra));
}

/**
 * The developer's path through the real pipeline: upload intent (with a requestId), upload to
 * the Storage emulator, then the upload document's verdict (or a timeout). `onIntent` learns the
 * upload id as soon as it exists.
 */
export async function publishPackage(
  stats: Stats,
  member: Member,
  bytes: Uint8Array,
  options: CallOptions & { settleMs: number; onIntent?: (uploadId: string) => void },
): Promise<FinishedUpload> {
  const intent = await callOnce<{ uploadId: string; objectPath: string }>(
    stats,
    member.token,
    'createUpload',
    { publisherId: member.developer!.publisherId, size: bytes.length, sha256: sha256Hex(bytes), fileName: 'p.tgz' },
    { ...options, mutates: true },
  );
  options.onIntent?.(intent.uploadId);
  const finished = waitForUpload(member.client, intent.uploadId, options.settleMs);
  finished.catch(() => undefined);
  await uploadBytes(ref(member.client.storage, intent.objectPath), bytes, { contentType: 'application/gzip' });
  return finished;
}

/** Lowercase letters only: digits have look-alikes (1/l, 0/o) that the id claims would refuse. */
const letters = (n: number, width = 2) => {
  let s = '';
  for (let i = 0; i < width; i++, n = Math.floor(n / 26)) s = String.fromCharCode(97 + (n % 26)) + s;
  return s;
};

/**
 * A publisher's word: far apart from every other (the upload scan holds a plugin whose id or
 * name is within two edits of another publisher's as a look-alike, so `pub-aa`/`pub-ab` would be).
 */
const WORDS = ['harbor', 'quarry', 'meadow', 'glacier', 'orchard', 'canyon', 'lagoon', 'prairie', 'summit', 'tundra'];
const publisherWord = (i: number) =>
  i < WORDS.length ? WORDS[i]! : `${WORDS[i % WORDS.length]!}${WORDS[Math.floor(i / WORDS.length) % WORDS.length]!}`;

async function signIn(user: TestUser): Promise<Pick<Member, 'client' | 'token'>> {
  const client = await connectClient(user);
  return { client, token: () => client.auth.currentUser!.getIdToken() };
}

async function inGroups<T, R>(items: readonly T[], size: number, fn: (item: T, i: number) => Promise<R>) {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map((item, j) => fn(item, i + j)))));
  return out;
}

/**
 * Creates `users` accounts (every tenth a developer with a publisher and three plugins: a step,
 * a panel and a paid step), one organization per user, and signs everyone in.
 */
export async function buildWorld(stats: Stats, users: number, options: CallOptions): Promise<World> {
  const tag = Array.from(randomBytes(5), (b) => String.fromCharCode(97 + (b % 26))).join('');
  const developers = Math.max(2, Math.ceil(users / 10));
  const members = await inGroups(
    Array.from({ length: users }, (_, i) => i),
    10,
    async (i): Promise<Member> => {
      const user = await createUser(`load-${tag}-${i}@example.com`, { displayName: `Load user ${i}` });
      const orgId = `ld-${tag}-${letters(i)}`;
      await seedOrg(orgId, `Load org ${i}`, { [user.uid]: 'owner' });
      const developer = i < developers ? { publisherId: `ld-${tag}-${publisherWord(i)}`, nextPatch: 1 } : undefined;
      if (developer) await createPublisher(developer.publisherId, [user.uid]);
      const session = await signIn(user);
      return { user, ...session, orgId, developer, installed: new Map(), entitled: new Set(), reviewed: new Set() };
    },
  );
  const adminUser = await createUser(`load-${tag}-admin@example.com`, { admin: true });
  const admin: Member = {
    user: adminUser,
    ...(await signIn(adminUser)),
    orgId: '',
    installed: new Map(),
    entitled: new Set(),
    reviewed: new Set(),
  };
  const plugins: LoadPlugin[] = [];
  const jobs = members
    .filter((m) => m.developer)
    .flatMap((m) => (['step', 'panel', 'paid'] as const).map((kind) => ({ m, kind })));
  await inGroups(jobs, 3, async ({ m, kind }) => {
    const publisherId = m.developer!.publisherId;
    const id = `${publisherId}.${kind}`;
    const upload = await publishPackage(stats, m, await packagePlugin(id, kind, '1.0.0'), {
      ...options,
      settleMs: 180_000,
    });
    if (upload.state !== 'published') throw new Error(`Publishing ${id} failed: ${JSON.stringify(upload.errors)}`);
    if (kind === 'paid') {
      const pricing = { model: 'one-time', amount: 900, currency: 'usd' };
      await callOnce(stats, m.token, 'updateListing', { pluginId: id, pricing }, { ...options, mutates: true });
    }
    plugins.push({ id, kind, publisherId, permissions: kind === 'panel' ? PANEL_PERMISSIONS : [] });
  });
  return { tag, members, plugins, admin };
}

export async function closeWorld(world: World): Promise<void> {
  await Promise.all([...world.members, world.admin].map((m) => m.client.close()));
}
