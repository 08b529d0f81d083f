import { memberRole, type CallableParsedInput, type search, type SearchOutput } from '@mlebotics/shared';
import { docs } from '../lib/documents.js';
import { ApiError } from '../lib/errors.js';
import type { PublicCallContext } from '../lib/callable.js';
import { merge } from './merge.js';
import { privateEngine, publicIndex } from './service.js';
import type { SearchQuery, SearchResult } from './types.js';

type Input = CallableParsedInput<typeof search>;

/** The engine's query from the callable's input (names differ: the console's URL words). */
function engineQuery(input: Input, pages: boolean): SearchQuery {
  const f = input.filters;
  return {
    text: input.text,
    filters: {
      category: f.category as SearchQuery['filters']['category'],
      capabilityType: f.capability as SearchQuery['filters']['capabilityType'],
      permission: f.permission as SearchQuery['filters']['permission'],
      price: f.price,
      minRating: f.minRating,
      publisherId: f.publisher,
    },
    sort: input.sort === 'updated' ? 'recent' : input.sort,
    // Merging needs every hit up to the asked page from each part.
    page: pages ? 0 : input.page,
    pageSize: pages ? (input.page + 1) * input.pageSize : input.pageSize,
  };
}

/**
 * Searches the public catalogue and, for a member who names their organization, its private
 * plugins: the private part is searched on its own and only for members, so a private plugin
 * can never appear in anyone else's results or counts.
 */
export async function searchCatalogue(input: Input, context: PublicCallContext): Promise<SearchOutput> {
  const current = await publicIndex();
  if (!input.orgId) {
    return { ...withCapabilityFacet(current.index.engine.search(engineQuery(input, false))), asOf: current.asOfMs };
  }
  const org = context.uid ? (await docs.org(input.orgId).get()).data() : undefined;
  if (!context.uid || !memberRole(org?.members, context.uid)) {
    throw new ApiError('not-found', `You are not a member of an organization "${input.orgId}".`);
  }
  const query = engineQuery(input, true);
  const engines = [
    { engine: current.index.engine, isPrivate: false },
    { engine: await privateEngine(input.orgId), isPrivate: true },
  ];
  const merged = merge(
    { ...query, page: input.page, pageSize: input.pageSize },
    engines.map((part) => ({ ...part, result: part.engine.search(query) })),
  );
  return { ...merged, asOf: current.asOfMs };
}

/** The engine calls the capability facet `capabilityType`; the console calls it `capability`. */
function withCapabilityFacet(result: SearchResult): Omit<SearchOutput, 'asOf'> {
  const { capabilityType, ...facets } = result.facets as Record<string, Record<string, number>>;
  return {
    ...result,
    hits: result.hits.map((hit) => ({ ...hit, private: false })),
    facets: { ...facets, capability: capabilityType ?? facets.capability ?? {} } as SearchOutput['facets'],
  };
}
