/** Which indexed terms a query term reaches (exact, prefix, typo, swapped letters, synonym) and how much each counts. */
import { type QueryTerm, transpositionsOf } from '@mlebotics/shared';
import type SearchableMap from 'minisearch/SearchableMap';

/** Weights of terms reached by completing a prefix or by a typo (MiniSearch's defaults). */
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;

/** A query term's indexed terms, each with the weight a match through it counts. */
export type Expansion = Map<string, number>;

/**
 * The indexed terms a query term matches and their weights: itself (1), words it begins
 * (the last term while typing), words within its edit distance, and its curated synonyms
 * (`synonymWeight`). A term reached two ways counts at its best weight.
 */
export function expandTerm(terms: SearchableMap<unknown>, q: QueryTerm, synonymWeight: number): Expansion {
  const weights: Expansion = new Map();
  const offer = (term: string, weight: number) => {
    if (weight > (weights.get(term) ?? 0)) weights.set(term, weight);
  };
  if (terms.has(q.term)) offer(q.term, 1);
  if (q.prefix) {
    for (const term of terms.atPrefix(q.term).keys()) {
      const distance = term.length - q.term.length;
      if (distance > 0) offer(term, (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance));
    }
  }
  if (q.maxEdits > 0) {
    for (const [term, [, distance]] of terms.fuzzyGet(q.term, q.maxEdits)) {
      if (distance > 0) offer(term, (FUZZY_WEIGHT * term.length) / (term.length + distance));
    }
    // Two neighbouring letters swapped count as one typo.
    for (const swapped of transpositionsOf(q.term)) {
      if (terms.has(swapped)) offer(swapped, (FUZZY_WEIGHT * swapped.length) / (swapped.length + 1));
      if (q.prefix) {
        for (const term of terms.atPrefix(swapped).keys()) {
          const distance = 1 + term.length - swapped.length;
          offer(term, (PREFIX_WEIGHT * FUZZY_WEIGHT * term.length) / (term.length + distance));
        }
      }
    }
  }
  for (const synonym of q.synonyms) if (terms.has(synonym)) offer(synonym, synonymWeight);
  return weights;
}
