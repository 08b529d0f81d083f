/**
 * The search engine's contract: what it indexes (a listing reduced to its searchable and
 * rankable fields) and what a query and its result look like. Pure data, no Firebase.
 */
import type { CapabilityType, Category, PermissionFlag } from '@mlebotics/shared';

export type { SearchDocument } from '@mlebotics/shared';

export type MinRating = 1 | 2 | 3 | 4;

export interface SearchFilters {
  category?: Category;
  capabilityType?: CapabilityType;
  permission?: PermissionFlag;
  price?: 'free' | 'paid';
  minRating?: MinRating;
  publisherId?: string;
}

export type SearchSort = 'relevance' | 'rating' | 'installs' | 'recent' | 'name';

export interface SearchQuery {
  /** Free text: capped, control characters dropped, never parsed as syntax. */
  text: string;
  filters: SearchFilters;
  sort: SearchSort;
  /** Zero-based. */
  page: number;
  /** 1 to MAX_PAGE_SIZE (larger values are clamped; the callable allows 50 a page, merging asks for more). */
  pageSize: number;
}

/** Most hits one query returns: a merge of public and private results asks for every hit up to its page (101 pages of 50). */
export const MAX_PAGE_SIZE = 5_050;

/** Matched ranges of a field, as [start, end) offsets into that field's text. */
export type Highlight = Array<[number, number]>;

export interface SearchHit {
  id: string;
  /** Name, summary and publisher as indexed: the console paints the card with them at once. */
  preview: { name: string; summary: string; publisherName: string };
  /** Relevance × quality for text queries, quality alone for an empty one (see ranking.ts). */
  score: number;
  highlights: { name?: Highlight; summary?: Highlight };
}

export type FacetName = 'category' | 'capabilityType' | 'permission' | 'price' | 'minRating' | 'publisher';

/** Per facet, per value: how many results the query would have with that value chosen. */
export type Facets = Record<FacetName, Record<string, number>>;

export interface SearchResult {
  hits: SearchHit[];
  /** Results of the query with every filter applied (all pages). */
  total: number;
  facets: Facets;
  /** "Did you mean …": a corrected query, when this one found nothing or little. */
  suggestion: string | null;
}
