/**
 * Filters and disjunctive facet counts. Each facet's counts are computed with the query and
 * every *other* filter applied, so a count says how many results choosing that value would
 * give — choosing another category does not make the other categories' counts drop to zero.
 */
import { StringTable } from './codec.js';
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

/** Per dimension, a number for each value seen: counting then indexes an array, not a map of strings. */
const dictionaries = DIMENSIONS.map(() => new StringTable());

/** A document's facet value ids: dimension i's are `ids[starts[i]]` up to `ids[starts[i + 1]]`. */
export interface DocumentFacets {
  ids: Int32Array;
  starts: Uint16Array;
}

/** A document's facet values as ids (the engine keeps them per document: computing them per match is the slow part). */
export function facetsOf(doc: SearchDocument): DocumentFacets {
  const perDimension = DIMENSIONS.map((dimension, i) =>
    dimension.values(doc).map((value) => dictionaries[i]!.ref(value)),
  );
  const starts = new Uint16Array(DIMENSIONS.length + 1);
  perDimension.forEach((ids, i) => (starts[i + 1] = starts[i]! + ids.length));
  return { ids: Int32Array.from(perDimension.flat()), starts };
}

/** Bit i set when the document passes dimension i's filter (unset: -1; a value no document has: -2). */
function passMask({ ids, starts }: DocumentFacets, selected: Int32Array): number {
  let mask = 0;
  for (let i = 0; i < DIMENSIONS.length; i++) {
    const wanted = selected[i]!;
    if (wanted === -1) {
      mask |= 1 << i;
      continue;
    }
    for (let k = starts[i]!; k < starts[i + 1]!; k++) {
      if (ids[k] === wanted) {
        mask |= 1 << i;
        break;
      }
    }
  }
  return mask;
}

function topEntries(dimension: number, counts: Int32Array, limit: number): Record<string, number> {
  const values = dictionaries[dimension]!.strings;
  const entries: Array<[string, number]> = [];
  counts.forEach((count, id) => {
    if (count > 0) entries.push([values[id]!, count]);
  });
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  // fromEntries defines own properties, so a value such as "__proto__" stays a plain key.
  return Object.fromEntries(entries.slice(0, limit));
}

/**
 * Applies the filters to the documents matching the query and counts the facets. Returns the
 * documents passing every filter, in their input order.
 */
export function filterAndCount<T extends { facets: DocumentFacets }>(
  matches: readonly T[],
  filters: SearchFilters,
): { passing: T[]; facets: Facets } {
  // The matches' facets exist, so a selected value is either known or had by none of them.
  const selected = Int32Array.from(DIMENSIONS, (dimension, i) => {
    const value = dimension.selected(filters);
    return value === undefined ? -1 : (dictionaries[i]!.find(value) ?? -2);
  });
  const counts = DIMENSIONS.map((_, i) => new Int32Array(dictionaries[i]!.strings.length));
  const passing: T[] = [];
  const filtered = selected.some((value) => value !== -1);
  for (const match of matches) {
    const { ids, starts } = match.facets;
    const mask = filtered ? passMask(match.facets, selected) : ALL;
    if (mask === ALL) passing.push(match);
    for (let i = 0; i < DIMENSIONS.length; i++) {
      if ((mask | (1 << i)) !== ALL) continue;
      const count = counts[i]!;
      for (let k = starts[i]!; k < starts[i + 1]!; k++) count[ids[k]!]!++;
    }
  }
  const facets = Object.fromEntries(
    DIMENSIONS.map((dimension, i) => [
      dimension.facet,
      topEntries(i, counts[i]!, dimension.facet === 'publisher' ? MAX_PUBLISHER_FACETS : Infinity),
    ]),
  ) as Facets;
  return { passing, facets };
}
