// The operations a load run mixes, each as a user does it in the console: Firestore queries and
// reads through the web SDK (rules applied), callables over HTTP, review writes as client writes,
// packages through the upload pipeline.
import { converters, paths } from '@mlebotics/shared';
import {
  collection,
  doc,
  getDoc,
  getDocs,
  limit,
  orderBy,
  query,
  serverTimestamp,
  setDoc,
  updateDoc,
  where,
  type Firestore,
} from 'firebase/firestore';
import { CATEGORIES } from '@mlebotics/shared';
import { SORTS, discoveryQuery, queries, type QuerySpec, type SortKey } from '../../web/src/lib/queries.js';
import { callOnce, type CallOptions } from './callable.js';
import type { Stats } from './stats.js';
import { packagePlugin, publishPackage, type LoadPlugin, type Member, type World } from './world.js';

export interface OpContext {
  stats: Stats;
  world: World;
  call: CallOptions;
  /** How long a publish waits for the pipeline's verdict before it reports `unsettled`. */
  settleMs: number;
  /** Every upload this run started, with its uploader (the chaos recovery re-drives them). */
  uploads: Map<string, Member>;
}

type Op = (ctx: OpContext, m: Member) => Promise<unknown>;

/** A query spec of the web app, issued with a user's client (what `toQuery` does in the app). */
function run(db: Firestore, spec: QuerySpec) {
  const constraints = [
    ...spec.filters.map((f) => where(f.field, f.op, f.value)),
    ...spec.orderBy.map((o) => orderBy(o.field, o.direction)),
    ...(spec.limit ? [limit(spec.limit)] : []),
  ];
  return getDocs(query(collection(db, spec.collection), ...constraints));
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const SEARCH_WORDS = ['plugin', 'step', 'panel', 'paid', 'test', 'demo', 'echo', 'ld'];

const installable = (ctx: OpContext, m: Member) =>
  ctx.world.plugins.filter((p) => !m.installed.has(p.id) && (p.kind !== 'paid' || m.entitled.has(p.id)));
const installedOf = (ctx: OpContext, m: Member, kinds: LoadPlugin['kind'][]) =>
  ctx.world.plugins.filter((p) => m.installed.has(p.id) && kinds.includes(p.kind));

function mutate<T>(ctx: OpContext, m: Member, fn: string, data: Record<string, unknown>) {
  return callOnce<T>(ctx.stats, m.token, fn, data, { ...ctx.call, mutates: true });
}

const browse: Op = (_ctx, m) => {
  const sort = pick(Object.keys(SORTS) as SortKey[]);
  const category = Math.random() < 0.3 ? pick(CATEGORIES) : undefined;
  return run(m.client.db, discoveryQuery({ sort, ...(category ? { category } : {}) }));
};

/** What the console does with search text: the search callable (typo-tolerant, faceted). */
const search: Op = async (ctx, m) => {
  await callOnce(
    ctx.stats,
    m.token,
    'search',
    { text: pick(SEARCH_WORDS), orgId: m.orgId },
    {
      ...ctx.call,
      mutates: false,
    },
  );
};

const pluginPage: Op = async (ctx, m) => {
  const plugin = pick(ctx.world.plugins);
  const listing = await getDoc(doc(m.client.db, paths.plugin(plugin.id)).withConverter(converters.plugin));
  const latest = listing.data()?.latestVersion;
  await Promise.all([
    run(m.client.db, queries.versions(plugin.id)),
    run(m.client.db, queries.reviews(plugin.id, 'newest')),
    latest ? getDoc(doc(m.client.db, paths.versionAsset(plugin.id, latest, 'readme'))) : undefined,
  ]);
};

const install: Op = async (ctx, m) => {
  const plugin = pick(installable(ctx, m));
  const out = await mutate<{ version: string }>(ctx, m, 'install', {
    orgId: m.orgId,
    pluginId: plugin.id,
    grantedPermissions: plugin.permissions,
  });
  m.installed.set(plugin.id, out.version);
};

const uninstall: Op = async (ctx, m) => {
  const plugin = pick(installedOf(ctx, m, ['step', 'panel', 'paid']));
  await mutate(ctx, m, 'uninstall', { orgId: m.orgId, pluginId: plugin.id });
  m.installed.delete(plugin.id);
};

const buy: Op = async (ctx, m) => {
  const plugin = pick(ctx.world.plugins.filter((p) => p.kind === 'paid' && !m.entitled.has(p.id)));
  const checkout = await mutate<{ checkoutId: string }>(ctx, m, 'createCheckout', {
    orgId: m.orgId,
    pluginId: plugin.id,
  });
  await mutate(ctx, m, 'completeTestCheckout', { checkoutId: checkout.checkoutId });
  m.entitled.add(plugin.id);
};

const review: Op = async (ctx, m) => {
  const plugin = pick(installedOf(ctx, m, ['step', 'panel', 'paid']));
  const ref = doc(m.client.db, paths.review(plugin.id, m.user.uid));
  const draft = {
    rating: 1 + Math.floor(Math.random() * 5),
    title: `Load review of ${plugin.kind}`,
    body: 'Written by the load generator.',
    version: m.installed.get(plugin.id)!,
    updatedAt: serverTimestamp(),
  };
  if (m.reviewed.has(plugin.id)) await updateDoc(ref, draft);
  else await setDoc(ref, { ...draft, orgId: m.orgId, createdAt: serverTimestamp() });
  m.reviewed.add(plugin.id);
};

/** A new patch version of one of the developer's free plugins. */
const publish: Op = async (ctx, m) => {
  const kind = pick(['step', 'panel'] as const);
  const id = `${m.developer!.publisherId}.${kind}`;
  const version = `1.0.${m.developer!.nextPatch++}`;
  const upload = await publishPackage(ctx.stats, m, await packagePlugin(id, kind, version), {
    ...ctx.call,
    settleMs: ctx.settleMs,
    onIntent: (uploadId) => ctx.uploads.set(uploadId, m),
  });
  if (upload.state !== 'published') throw new Error(`rejected: ${JSON.stringify(upload.errors).slice(0, 200)}`);
};

const runStep: Op = (ctx, m) => {
  const plugin = pick(installedOf(ctx, m, ['step', 'paid']));
  const input = { text: 'hello from the load generator' };
  return mutate(ctx, m, 'runPluginStep', { orgId: m.orgId, pluginId: plugin.id, stepId: 'echo', input });
};

const openPanel: Op = (ctx, m) => {
  const plugin = pick(installedOf(ctx, m, ['panel']));
  return mutate(ctx, m, 'openPanel', { orgId: m.orgId, pluginId: plugin.id, panelId: 'main' });
};

interface Kind {
  weight: number;
  run: Op;
  eligible: (ctx: OpContext, m: Member) => boolean;
}

const always = () => true;
const hasInstalled = (kinds: LoadPlugin['kind'][]) => (ctx: OpContext, m: Member) =>
  installedOf(ctx, m, kinds).length > 0;

/**
 * The mix, in proportions of a catalogue's traffic: mostly reading, some installing and
 * running, a little buying, reviewing and publishing (developers publish much more often than
 * they do anything else, hence the weight; only developers are eligible).
 */
export const KINDS: Record<string, Kind> = {
  browse: { weight: 25, run: browse, eligible: always },
  search: { weight: 15, run: search, eligible: always },
  pluginPage: { weight: 20, run: pluginPage, eligible: always },
  install: { weight: 10, run: install, eligible: (ctx, m) => installable(ctx, m).length > 0 },
  uninstall: { weight: 3, run: uninstall, eligible: hasInstalled(['step', 'panel', 'paid']) },
  buy: {
    weight: 3,
    run: buy,
    eligible: (ctx, m) => ctx.world.plugins.some((p) => p.kind === 'paid' && !m.entitled.has(p.id)),
  },
  review: { weight: 6, run: review, eligible: hasInstalled(['step', 'panel', 'paid']) },
  publish: { weight: 30, run: publish, eligible: (_ctx, m) => m.developer !== undefined },
  runStep: { weight: 10, run: runStep, eligible: hasInstalled(['step', 'paid']) },
  openPanel: { weight: 4, run: openPanel, eligible: hasInstalled(['panel']) },
};

/** Draws an operation kind by weight among those this user can do now. */
export function drawKind(ctx: OpContext, m: Member): string {
  const eligible = Object.entries(KINDS).filter(([, k]) => k.eligible(ctx, m));
  let r = Math.random() * eligible.reduce((s, [, k]) => s + k.weight, 0);
  for (const [name, k] of eligible) if ((r -= k.weight) < 0) return name;
  return 'browse';
}
