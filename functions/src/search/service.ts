import type { ListingDoc } from '@mlebotics/shared';
import { logger } from 'firebase-functions';
import { cols } from '../lib/documents.js';
import { searchDocumentOf } from './document.js';
import { SearchEngine } from './engine.js';
import { catchUp, indexGeneration, openIndex, type IndexLike } from './index-store.js';

/** An engine as the index store feeds it: listings in, search documents (with README headings) indexed. */
export class ListingIndex implements IndexLike {
  constructor(readonly engine: SearchEngine = new SearchEngine()) {}
  static load(snapshot?: Uint8Array): ListingIndex {
    return new ListingIndex(snapshot ? SearchEngine.load(snapshot) : new SearchEngine());
  }
  upsert(listing: ListingDoc & { id: string }, readmeHeadings?: string[]): void {
    this.engine.index(searchDocumentOf(listing, readmeHeadings));
  }
  remove(id: string): void {
    this.engine.remove(id);
  }
  serialize(): Uint8Array {
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
  const opened = await openIndex(ListingIndex.load);
  const { index, generation } = opened;
  const { asOfMs } = await catchUp(index, opened.asOfMs);
  return { index, asOfMs, generation, checkedAt: Date.now(), coldStartMs: Date.now() - started };
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

/** A search waits for a running catch-up only when the index was last brought up to date longer ago than this. */
const MAX_STALENESS_MS = 1_000;

/**
 * This instance's read-only copy of the public catalogue's index: loaded at cold start from the
 * newest snapshot in Storage (or built from the listings when there is none), then brought up to
 * date from `searchChanges` whenever a search finds the last check older than 250 ms. The
 * catch-up runs beside the search (a burst of listing writes makes it read many listings); a
 * search waits for it only when the index is more than a second behind, so results are never
 * older than that while the database answers.
 */
export async function publicIndex(): Promise<Instance> {
  instance ??= coldStart().catch((error: unknown) => {
    instance = undefined;
    throw error;
  });
  const current = await instance;
  if (Date.now() - current.checkedAt >= CATCH_UP_EVERY_MS) {
    current.catching ??= refresh(current)
      .catch((error: unknown) => logger.warn('search: catching up failed (the next search tries again)', error))
      .finally(() => (current.catching = undefined));
  }
  if (current.catching && Date.now() - current.checkedAt >= MAX_STALENESS_MS) await current.catching;
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
    if (listing.latestVersion !== null && !listing.revoked && !listing.publisherSuspended)
      engine.index(searchDocumentOf({ ...listing, id: doc.id }));
  }
  return engine;
}
