import type { ListingDoc, SearchOutput } from '@mlebotics/shared';
import { cols } from '../lib/documents.js';
import { searchDocumentOf } from './document.js';
import { SearchEngine } from './engine.js';
import { buildFromListings, catchUp, indexGeneration, readSnapshot, type IndexLike } from './index-store.js';
import type { SearchDocument, SearchQuery, SearchResult } from './types.js';

/** An engine as the index store feeds it: listings in, search documents (with README headings) indexed. */
export class ListingIndex implements IndexLike {
  constructor(readonly engine: SearchEngine = new SearchEngine()) {}
  static load(snapshot?: string): ListingIndex {
    return new ListingIndex(snapshot ? SearchEngine.load(snapshot) : new SearchEngine());
  }
  upsert(listing: ListingDoc & { id: string }, readmeHeadings?: string[]): void {
    this.engine.index(searchDocumentOf(listing, readmeHeadings));
  }
  remove(id: string): void {
    this.engine.remove(id);
  }
  serialize(): string {
    return this.engine.serialize();
  }
  get size(): number {
    return this.engine.size;
  }
}

/** How often an instance asks for listings changed since its index (each search at most this often). */
const CATCH_UP_EVERY_MS = 250;

interface Instance {
  index: ListingIndex;
  asOfMs: number;
  generation: number;
  checkedAt: number;
  catching?: Promise<void>;
  coldStartMs: number;
}

let instance: Promise<Instance> | undefined;

async function coldStart(): Promise<Instance> {
  const started = Date.now();
  const snapshot = await readSnapshot();
  const index = ListingIndex.load(snapshot.text);
  let asOfMs = snapshot.text === undefined ? Date.now() : snapshot.asOfMs;
  if (snapshot.text === undefined) await buildFromListings(index);
  asOfMs = (await catchUp(index, asOfMs)).asOfMs;
  return { index, asOfMs, generation: snapshot.generation, checkedAt: Date.now(), coldStartMs: Date.now() - started };
}

/** Brings the instance up to date, or starts it again when the database is of another generation. */
async function refresh(current: Instance): Promise<void> {
  if ((await indexGeneration()) !== current.generation) {
    const fresh = await coldStart();
    Object.assign(current, fresh);
    return;
  }
  const { asOfMs } = await catchUp(current.index, current.asOfMs);
  current.asOfMs = asOfMs;
  current.checkedAt = Date.now();
}

/**
 * This instance's read-only copy of the public catalogue's index: loaded at cold start from the
 * newest snapshot in Storage (or built from the listings when there is none), then brought up to
 * date from `searchChanges` before a search whenever the last check is older than 250 ms.
 */
export async function publicIndex(): Promise<Instance> {
  instance ??= coldStart().catch((error: unknown) => {
    instance = undefined;
    throw error;
  });
  const current = await instance;
  if (Date.now() - current.checkedAt >= CATCH_UP_EVERY_MS) {
    current.catching ??= refresh(current).finally(() => (current.catching = undefined));
    await current.catching;
  }
  return current;
}

/** Tests and benchmarks: forget this instance's index (the next search is a cold start). */
export function dropInstanceIndex(): void {
  instance = undefined;
}

/** An organization's private plugins, searched on their own for its members (never cached across orgs). */
export async function privateEngine(orgId: string): Promise<SearchEngine> {
  const snapshot = await cols.plugins().where('privateOrgId', '==', orgId).get();
  const engine = new SearchEngine();
  for (const doc of snapshot.docs) {
    const listing = doc.data();
    if (listing.latestVersion !== null) engine.index(searchDocumentOf({ ...listing, id: doc.id }));
  }
  return engine;
}

type Sortable = Pick<SearchDocument, 'rating' | 'installCount' | 'updatedAtMs' | 'name'>;

/**
 * One result from the public index and an organization's private one: both searched for the
 * pages up to the asked one, merged in the query's order, the asked page cut out; totals and
 * facet counts add up (the two sets are disjoint).
 */
export function merge(
  query: SearchQuery,
  parts: Array<{ result: SearchResult; isPrivate: boolean; engine: SearchEngine }>,
): Omit<SearchOutput, 'asOf'> {
  const key = (engine: SearchEngine, id: string): Sortable | undefined => engine.document(id);
  const hits = parts.flatMap(({ result, isPrivate, engine }) =>
    result.hits.map((hit) => ({ hit, isPrivate, doc: key(engine, hit.id) })),
  );
  const by = {
    relevance: (a: (typeof hits)[0], b: (typeof hits)[0]) => b.hit.score - a.hit.score,
    rating: (a: (typeof hits)[0], b: (typeof hits)[0]) => (b.doc?.rating.average ?? 0) - (a.doc?.rating.average ?? 0),
    installs: (a: (typeof hits)[0], b: (typeof hits)[0]) => (b.doc?.installCount ?? 0) - (a.doc?.installCount ?? 0),
    recent: (a: (typeof hits)[0], b: (typeof hits)[0]) => (b.doc?.updatedAtMs ?? 0) - (a.doc?.updatedAtMs ?? 0),
    name: (a: (typeof hits)[0], b: (typeof hits)[0]) => (a.doc?.name ?? '').localeCompare(b.doc?.name ?? ''),
  }[query.sort];
  hits.sort(by);
  const start = query.page * query.pageSize;
  const facets = {} as SearchOutput['facets'];
  for (const { result } of parts) {
    for (const [facet, counts] of Object.entries(result.facets)) {
      const name = (facet === 'capabilityType' ? 'capability' : facet) as keyof SearchOutput['facets'];
      facets[name] ??= {};
      for (const [value, n] of Object.entries(counts)) facets[name][value] = (facets[name][value] ?? 0) + n;
    }
  }
  return {
    hits: hits.slice(start, start + query.pageSize).map(({ hit, isPrivate }) => ({ ...hit, private: isPrivate })),
    total: parts.reduce((n, { result }) => n + result.total, 0),
    facets,
    suggestion: parts.find((p) => !p.isPrivate)?.result.suggestion ?? null,
  };
}
