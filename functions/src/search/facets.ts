/**
 * Filters and disjunctive facet counts. Each facet's counts are computed with the query and
 * every *other* filter applied, so a count says how many results choosing that value would
 * give — choosing another category does not make the other categories' counts drop to zero.
 */
import type { FacetName, Facets, MinRating, SearchDocument, SearchFilters } from './types.js';

const MIN_RATINGS: readonly MinRating[] = [1, 2, 3, 4];
/** The publisher facet lists the publishers with the most results, not all of them. */
export const MAX_PUBLISHER_FACETS = 20;

interface Dimension {
  facet: FacetName;
  /** The filter's value, or undefined when the filter is not set. */
  selected(filters: SearchFilters): string | undefined;
  /** The facet values a document counts for. */
  values(doc: SearchDocument): readonly string[];
}

const ratingValues = (doc: SearchDocument) =>
  doc.rating.count > 0 ? MIN_RATINGS.filter((r) => doc.rating.average >= r).map(String) : [];

const DIMENSIONS: readonly Dimension[] = [
  { facet: 'category', selected: (f) => f.category, values: (d) => d.categories },
  { facet: 'capabilityType', selected: (f) => f.capabilityType, values: (d) => d.capabilityTypes },
  { facet: 'permission', selected: (f) => f.permission, values: (d) => d.permissionFlags },
  { facet: 'price', selected: (f) => f.price, values: (d) => [d.priceClass] },
  { facet: 'minRating', selected: (f) => f.minRating?.toString(), values: ratingValues },
  { facet: 'publisher', selected: (f) => f.publisherId, values: (d) => [d.publisherId] },
];

const ALL = (1 << DIMENSIONS.length) - 1;

/**
 * Each document's facet values, per dimension, computed once (a query over tens of thousands of
 * matches would otherwise allocate them again for every match). Documents are immutable: an
 * update indexes a new object.
 */
const valuesCache = new WeakMap<SearchDocument, ReadonlyArray<readonly string[]>>();
function facetValues(doc: SearchDocument): ReadonlyArray<readonly string[]> {
  let values = valuesCache.get(doc);
  if (!values) {
    values = DIMENSIONS.map((dimension) => dimension.values(doc));
    valuesCache.set(doc, values);
  }
  return values;
}

/** Bit i set when the document passes dimension i's filter (or that filter is not set). */
function passMask(values: ReadonlyArray<readonly string[]>, selected: ReadonlyArray<string | undefined>): number {
  let mask = 0;
  for (let i = 0; i < DIMENSIONS.length; i++) {
    const value = selected[i];
    if (value === undefined || values[i]!.includes(value)) mask |= 1 << i;
  }
  return mask;
}

function topEntries(counts: Map<string, number>, limit: number): Record<string, number> {
  const entries = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  // fromEntries defines own properties, so a value such as "__proto__" stays a plain key.
  return Object.fromEntries(entries.slice(0, limit));
}

/**
 * Applies the filters to the documents matching the query and counts the facets. Returns the
 * documents passing every filter, in their input order.
 */
export function filterAndCount<T extends { doc: SearchDocument }>(
  matches: readonly T[],
  filters: SearchFilters,
): { passing: T[]; facets: Facets } {
  const selected = DIMENSIONS.map((dimension) => dimension.selected(filters));
  const counts = DIMENSIONS.map(() => new Map<string, number>());
  const passing: T[] = [];
  for (const match of matches) {
    const values = facetValues(match.doc);
    const mask = passMask(values, selected);
    if (mask === ALL) passing.push(match);
    for (let i = 0; i < DIMENSIONS.length; i++) {
      if ((mask | (1 << i)) !== ALL) continue;
      const count = counts[i]!;
      for (const value of values[i]!) count.set(value, (count.get(value) ?? 0) + 1);
    }
  }
  const facets = Object.fromEntries(
    DIMENSIONS.map((dimension, i) => [
      dimension.facet,
      topEntries(counts[i]!, dimension.facet === 'publisher' ? MAX_PUBLISHER_FACETS : Infinity),
    ]),
  ) as Facets;
  return { passing, facets };
}
