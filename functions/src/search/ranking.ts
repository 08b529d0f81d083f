/**
 * Quality and ordering of search results (the formula is in docs/architecture.md, "Search
 * engine"). Text relevance decides first; quality reorders results of similar relevance and
 * orders an empty query; deprecated plugins always come after the others.
 */
import type { SearchDocument, SearchSort } from './types.js';

/** Prior of the Bayesian average: a listing starts as if it had PRIOR_COUNT reviews of PRIOR_MEAN. */
export const PRIOR_MEAN = 3.5;
export const PRIOR_COUNT = 10;
/** Installs at which the install component saturates. */
const INSTALLS_FULL = 100_000;
const RECENCY_HALF_LIFE_DAYS = 180;
const DAY_MS = 86_400_000;

/** The rating smoothed towards the prior: 1 five-star review ≈ 3.64, 200 four-star ≈ 3.98. */
export function bayesianRating({ count, average }: SearchDocument['rating']): number {
  return (PRIOR_COUNT * PRIOR_MEAN + count * average) / (PRIOR_COUNT + count);
}

/** Quality in [0, 1]: 45% smoothed rating, 35% log installs, 20% recency. */
export function quality(doc: SearchDocument, nowMs: number): number {
  const rating = (bayesianRating(doc.rating) - 1) / 4;
  const installs = Math.min(1, Math.log10(1 + doc.installCount) / Math.log10(INSTALLS_FULL));
  const ageDays = Math.max(0, nowMs - doc.updatedAtMs) / DAY_MS;
  const recency = 0.5 ** (ageDays / RECENCY_HALF_LIFE_DAYS);
  return 0.45 * rating + 0.35 * installs + 0.2 * recency;
}

/** The multiplier quality gives text relevance: 1 to 1.75, so it cannot outweigh a better field match. */
export function qualityFactor(doc: SearchDocument, nowMs: number): number {
  return 1 + 0.6 * quality(doc, nowMs) + (doc.publisherVerified ? 0.15 : 0);
}

export interface Ranked {
  doc: SearchDocument;
  score: number;
}

const bySortKey: Record<Exclude<SearchSort, 'relevance'>, (a: SearchDocument, b: SearchDocument) => number> = {
  rating: (a, b) => bayesianRating(b.rating) - bayesianRating(a.rating),
  installs: (a, b) => b.installCount - a.installCount,
  recent: (a, b) => b.updatedAtMs - a.updatedAtMs,
  name: (a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }),
};

/** The order of results: deprecated last, then by the sort key, then score, then id. */
export function comparator(sort: SearchSort): (a: Ranked, b: Ranked) => number {
  const key = sort === 'relevance' ? null : bySortKey[sort];
  return (a, b) =>
    Number(a.doc.deprecated) - Number(b.doc.deprecated) ||
    (key ? key(a.doc, b.doc) : 0) ||
    b.score - a.score ||
    (a.doc.id < b.doc.id ? -1 : a.doc.id > b.doc.id ? 1 : 0);
}

/**
 * The first `count` results in order, without ordering the rest: a heap of the best `count`
 * (its root the worst kept), so an empty query over 50,000 listings costs 50,000 comparisons
 * with the root instead of a full sort. Same result as sorting all by `comparator` and taking `count`.
 */
export function orderedTop<T extends Ranked>(results: readonly T[], sort: SearchSort, count: number): T[] {
  const compare = comparator(sort);
  if (results.length <= 2 * count + 64) return [...results].sort(compare).slice(0, count);
  const heap: T[] = [];
  const worse = (i: number, j: number) => compare(heap[i]!, heap[j]!) > 0;
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j]!, heap[i]!]);
  for (const result of results) {
    if (heap.length < count) {
      heap.push(result);
      for (let i = heap.length - 1; i > 0 && worse(i, (i - 1) >> 1); i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
    } else if (count > 0 && compare(result, heap[0]!) < 0) {
      heap[0] = result;
      for (let i = 0; ;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let worst = i;
        if (left < heap.length && worse(left, worst)) worst = left;
        if (right < heap.length && worse(right, worst)) worst = right;
        if (worst === i) break;
        swap(i, worst);
        i = worst;
      }
    }
  }
  return heap.sort(compare);
}
