/** Public and private search results merged into one page (pure: the search callable's last step). */
import type { SearchOutput } from '@mlebotics/shared';
import type { SearchEngine } from './engine.js';
import { comparator } from './ranking.js';
import type { SearchQuery, SearchResult } from './types.js';

interface Part {
  result: SearchResult;
  isPrivate: boolean;
  engine: SearchEngine;
}

/**
 * One result from the public index and an organization's private one: each searched for every
 * hit up to the asked page and already in the query's order; merged (each part keeps its own
 * order, heads compared with the engine's own ordering), the asked page cut out; totals and
 * facet counts add up (the two sets are disjoint).
 */
export function merge(query: SearchQuery, parts: readonly Part[]): Omit<SearchOutput, 'asOf'> {
  const compare = comparator(query.sort);
  const queues = parts.map(({ result, isPrivate, engine }) =>
    result.hits.flatMap((hit) => {
      const doc = engine.document(hit.id);
      return doc ? [{ hit, isPrivate, doc, score: hit.score }] : [];
    }),
  );
  const heads = queues.map(() => 0);
  const end = (query.page + 1) * query.pageSize;
  const merged: Array<(typeof queues)[number][number]> = [];
  while (merged.length < end) {
    let best = -1;
    queues.forEach((queue, q) => {
      const head = queue[heads[q]!];
      if (head && (best < 0 || compare(head, queues[best]![heads[best]!]!) < 0)) best = q;
    });
    if (best < 0) break;
    merged.push(queues[best]![heads[best]!++]!);
  }
  const facets = {} as SearchOutput['facets'];
  for (const { result } of parts) {
    for (const [facet, counts] of Object.entries(result.facets)) {
      const name = (facet === 'capabilityType' ? 'capability' : facet) as keyof SearchOutput['facets'];
      facets[name] ??= {};
      for (const [value, n] of Object.entries(counts)) facets[name][value] = (facets[name][value] ?? 0) + n;
    }
  }
  return {
    hits: merged.slice(query.page * query.pageSize).map(({ hit, isPrivate }) => ({ ...hit, private: isPrivate })),
    total: parts.reduce((n, { result }) => n + result.total, 0),
    facets,
    suggestion: parts.find((p) => !p.isPrivate)?.result.suggestion ?? null,
  };
}
