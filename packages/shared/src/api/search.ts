import { z } from 'zod';
import { CAPABILITY_TYPE_NAMES, CATEGORIES, PERMISSION_FLAGS } from '../catalogue/index.js';
import { defineCallable } from './define.js';
import { orgIdSchema } from './orgs.js';
import { publisherIdSchema } from './publish.js';

/** Longest query text kept (more is cut off, not refused: people paste). */
export const MAX_SEARCH_TEXT = 200;
export const SEARCH_SORTS = ['relevance', 'rating', 'installs', 'updated'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];
export const MAX_SEARCH_PAGE_SIZE = 50;

export const searchFiltersSchema = z
  .object({
    category: z.enum(CATEGORIES as unknown as [string, ...string[]]).optional(),
    capability: z.enum(CAPABILITY_TYPE_NAMES as unknown as [string, ...string[]]).optional(),
    permission: z.enum(PERMISSION_FLAGS as unknown as [string, ...string[]]).optional(),
    price: z.enum(['free', 'paid']).optional(),
    minRating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
    publisher: publisherIdSchema.optional(),
  })
  .strict();
export type SearchFilters = z.infer<typeof searchFiltersSchema>;

export const searchInputSchema = z
  .object({
    /** Free text; control characters are dropped and it is cut to MAX_SEARCH_TEXT characters. */
    text: z.string().max(2000),
    filters: searchFiltersSchema.default({}),
    sort: z.enum(SEARCH_SORTS).default('relevance'),
    /** Zero-based. */
    page: z.number().int().min(0).max(100).default(0),
    pageSize: z.number().int().min(1).max(MAX_SEARCH_PAGE_SIZE).default(24),
    /** Also search this organization's private plugins (its members only). */
    orgId: orgIdSchema.optional(),
  })
  .strict();

/** Matched ranges of a field, as [start, end) character offsets. */
export type SearchHighlight = Array<[number, number]>;

/** What a result card shows before its live listing document arrives (as indexed, at most a moment old). */
export interface SearchHitPreview {
  name: string;
  summary: string;
  publisherName: string;
}

export interface SearchHit {
  id: string;
  score: number;
  preview: SearchHitPreview;
  /** Private to the organization searched (never in anyone else's results). */
  private: boolean;
  highlights: { name?: SearchHighlight; summary?: SearchHighlight };
}

export type FacetName = 'category' | 'capability' | 'permission' | 'price' | 'minRating' | 'publisher';

export interface SearchOutput {
  hits: SearchHit[];
  total: number;
  /** Per facet, per option: how many results the query would have with that option chosen. */
  facets: Record<FacetName, Record<string, number>>;
  /** "Did you mean …": a corrected query when this one found nothing or little. */
  suggestion: string | null;
  /** Epoch milliseconds up to which the index holds every change. */
  asOf: number;
}

export const search = defineCallable<SearchOutput>()('search', searchInputSchema);
