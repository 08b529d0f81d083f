/**
 * Search libraries compared on the catalogue's workload (issue 17), on 50,000 synthetic
 * listings plus the demo ones: MiniSearch with its own index and scorer (as the engine first
 * used it), the engine in functions/src/search (MiniSearch's radix tree for terms, its own
 * postings and scorer), and Orama.
 * For each: index build time and heap, snapshot size and load time, query p50/p95 over 200
 * mixed queries (typos, multi-word, partial words, with filters), and quality (share of the
 * labelled queries whose intended plugin is in the top 3). Both get the same normalised terms
 * (shared query.ts); synonyms are the engine's own layer, so Orama is measured without them.
 *
 *   npx tsx bench/benchmarks/search-engines.ts [count]
 */
import { create, insertMultiple, load, save, search, type AnyOrama } from '@orama/orama';
import { analyze, normalizeWord, parseQuery, wordsOf } from '@mlebotics/shared';
import MiniSearch, { type Options } from 'minisearch';
import {
  DEMO_LISTINGS,
  FIXTURE_NOW_MS,
  LABELLED_QUERIES,
  syntheticListings,
  type SyntheticListing,
} from '@mlebotics/testing';
import { SearchEngine, SYNONYM_WEIGHT } from '../../functions/src/search/engine.js';
import { FIELD_BOOSTS } from '../../functions/src/search/fields.js';
import { facetsOf, filterAndCount } from '../../functions/src/search/facets.js';
import { orderedTop, qualityFactor } from '../../functions/src/search/ranking.js';
import type { SearchFilters } from '../../functions/src/search/types.js';
import { distribution, type BenchResult } from '../lib.js';

interface Candidate {
  name: string;
  build(docs: SyntheticListing[]): Promise<void>;
  serialize(): Uint8Array | string;
  load(snapshot: Uint8Array | string): Promise<void>;
  /** Ids of the first `limit` results. */
  query(text: string, filters: SearchFilters, limit: number): Promise<string[]>;
}

function engineCandidate(): Candidate {
  let engine = new SearchEngine({ now: () => FIXTURE_NOW_MS });
  return {
    name: 'Engine (MiniSearch radix tree + own postings)',
    build: async (docs) => engine.indexAll(docs),
    serialize: () => engine.serialize(),
    load: async (snapshot) => {
      engine = SearchEngine.load(snapshot as Uint8Array, { now: () => FIXTURE_NOW_MS });
    },
    query: async (text, filters, limit) =>
      engine.search({ text, filters, sort: 'relevance', page: 0, pageSize: limit }).hits.map((h) => h.id),
  };
}

/** MiniSearch's own index and scorer, queried as the engine did before its postings: same terms, synonyms, weights, facets. */
function miniSearchCandidate(): Candidate {
  const options: Options<SyntheticListing> = {
    fields: Object.keys(FIELD_BOOSTS),
    extractField: (doc, field) => {
      if (field === 'idAndKeywords') return [doc.id, ...doc.keywords].join(' ');
      const value = doc[field as keyof SyntheticListing];
      return Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '';
    },
    tokenize: wordsOf,
    processTerm: (term) => normalizeWord(term),
    searchOptions: { boost: FIELD_BOOSTS },
  };
  let index = new MiniSearch(options);
  const docs = new Map<string, { doc: SyntheticListing; facets: ReturnType<typeof facetsOf> }>();
  return {
    name: 'MiniSearch 7 (own index and scorer)',
    build: async (list) => {
      index.addAll(list);
      for (const doc of list) docs.set(doc.id, { doc, facets: facetsOf(doc) });
    },
    serialize: () => JSON.stringify(index),
    load: async (snapshot) => {
      index = MiniSearch.loadJSON(snapshot as string, options);
    },
    query: async (text, filters, limit) => {
      const terms = parseQuery(text).terms;
      const results = index.search({
        combineWith: 'AND',
        queries: terms.map((t) => ({
          combineWith: 'OR',
          queries: [
            { combineWith: 'OR', queries: [t.term], fuzzy: t.maxEdits, prefix: t.prefix },
            { combineWith: 'OR', queries: t.synonyms, boostTerm: () => SYNONYM_WEIGHT },
          ],
        })),
      });
      const matches = results.map((r) => {
        const { doc, facets } = docs.get(r.id as string)!;
        return { doc, facets, score: r.score * qualityFactor(doc, FIXTURE_NOW_MS) };
      });
      const { passing } = filterAndCount(matches, filters);
      return orderedTop(passing, 'relevance', limit).map((m) => m.doc.id);
    },
  };
}

const ORAMA_SCHEMA = {
  name: 'string',
  summary: 'string',
  keywords: 'string[]',
  readmeHeadings: 'string[]',
  categories: 'enum[]',
  capabilityTypes: 'enum[]',
  permissionFlags: 'enum[]',
  priceClass: 'enum',
  publisherId: 'enum',
  ratingAverage: 'number',
} as const;

function oramaCandidate(): Candidate {
  const fresh = () =>
    create({
      schema: ORAMA_SCHEMA,
      components: { tokenizer: { language: 'english', normalizationCache: new Map(), tokenize: analyze } },
    });
  let db: AnyOrama = fresh();
  return {
    name: 'Orama 3',
    build: async (docs) => {
      await insertMultiple(
        db,
        docs.map((d) => ({ ...d, ratingAverage: d.rating.average, rating: undefined })),
        1000,
      );
    },
    serialize: () => JSON.stringify(save(db)),
    load: async (snapshot) => {
      db = fresh();
      load(db, JSON.parse(snapshot as string));
    },
    query: async (text, filters, limit) => {
      const terms = parseQuery(text).terms;
      const where: Record<string, unknown> = {};
      if (filters.category) where.categories = { containsAll: [filters.category] };
      if (filters.price) where.priceClass = { eq: filters.price };
      if (filters.minRating) where.ratingAverage = { gte: filters.minRating };
      const result = await search(db, {
        term: terms.map((t) => t.term).join(' '),
        properties: ['name', 'keywords', 'summary', 'readmeHeadings'],
        boost: { name: 5, keywords: 3, summary: 1.5, readmeHeadings: 0.5 },
        tolerance: Math.max(0, ...terms.map((t) => t.maxEdits)),
        where,
        facets: { categories: {}, capabilityTypes: {}, permissionFlags: {}, priceClass: {} },
        limit,
      });
      return result.hits.map((h) => h.id);
    },
  };
}

/** 200 queries: the labelled ones, then variants of them with filters, partial words and extra words. */
function mixedQueries(): Array<{ text: string; filters: SearchFilters }> {
  const base = LABELLED_QUERIES.map((q) => q.query);
  const variants = [
    (q: string) => ({ text: q, filters: {} }),
    (q: string) => ({ text: q, filters: { price: 'free' as const } }),
    (q: string) => ({ text: q.slice(0, Math.max(3, q.length - 2)), filters: {} }),
    (q: string) => ({ text: `${q} robot`, filters: { minRating: 3 as const } }),
    (q: string) => ({ text: q, filters: { category: 'sensors' as const } }),
  ];
  return Array.from({ length: 200 }, (_, i) =>
    variants[Math.floor(i / base.length) % variants.length]!(base[i % base.length]!),
  );
}

const heapMb = () => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 1e6;
};

async function measure(candidate: Candidate, docs: SyntheticListing[]) {
  const heap0 = heapMb();
  let t = performance.now();
  await candidate.build(docs);
  const buildMs = performance.now() - t;
  const indexMb = heapMb() - heap0;
  const snapshot = candidate.serialize();
  t = performance.now();
  const cpu = process.cpuUsage();
  await candidate.load(snapshot);
  const loadMs = performance.now() - t;
  const loadCpuMs = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000;
  const latencies: number[] = [];
  for (const { text, filters } of mixedQueries()) {
    t = performance.now();
    await candidate.query(text, filters, 20);
    latencies.push(performance.now() - t);
  }
  let found = 0;
  for (const { query, intendedId } of LABELLED_QUERIES) {
    if ((await candidate.query(query, {}, 3)).includes(intendedId)) found++;
  }
  return {
    buildMs,
    indexMb,
    snapshotMb: (typeof snapshot === 'string' ? Buffer.byteLength(snapshot) : snapshot.byteLength) / 1e6,
    loadMs,
    loadCpuMs,
    query: distribution(`search.engines.${candidate.name}`, 'ms', latencies),
    quality: found / LABELLED_QUERIES.length,
  };
}

/** The comparison as benchmark results (one group per library). */
export async function compareSearchEngines(count = 50_000): Promise<BenchResult[]> {
  const docs = [...syntheticListings(count), ...DEMO_LISTINGS];
  const results: BenchResult[] = [];
  const rows: string[][] = [];
  const keys = new Map<() => Candidate, string>([
    [miniSearchCandidate, 'minisearch'],
    [engineCandidate, 'engine'],
    [oramaCandidate, 'orama'],
  ]);
  for (const [make, name] of keys) {
    const candidate = make();
    const m = await measure(candidate, docs);
    const key = `search.engines.${name}`;
    const fixed = (x: number, d = 0) => x.toFixed(d);
    rows.push([
      candidate.name,
      fixed(m.buildMs),
      fixed(m.indexMb),
      fixed(m.snapshotMb, 1),
      `${fixed(m.loadMs)} (cpu ${fixed(m.loadCpuMs)})`,
      `${m.query.p50} / ${m.query.p95}`,
      m.quality.toFixed(3),
    ]);
    results.push(
      { name: `${key}.build_ms`, unit: 'ms', value: Math.round(m.buildMs), n: docs.length },
      { name: `${key}.index_mb`, unit: 'MB', value: Math.round(m.indexMb), n: docs.length },
      { name: `${key}.snapshot_mb`, unit: 'MB', value: Number(m.snapshotMb.toFixed(1)) },
      { name: `${key}.load_ms`, unit: 'ms', value: Math.round(m.loadMs), goal: '≤ 1500' },
      { ...m.query, name: `${key}.query_ms` },
      { name: `${key}.quality`, unit: 'share', value: Number(m.quality.toFixed(3)), goal: '≥ 0.95' },
    );
  }
  const header = ['library', 'build ms', 'heap MB', 'snapshot MB', 'load ms', 'query p50/p95 ms', 'top-3 quality'];
  console.log(`${docs.length} listings, ${LABELLED_QUERIES.length} labelled queries, 200 mixed queries\n`);
  for (const row of [header, ...rows]) console.log(`| ${row.join(' | ')} |`);
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await compareSearchEngines(Number(process.argv[2] ?? 50_000));
}
