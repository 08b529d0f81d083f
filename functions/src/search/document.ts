/** The search document of a listing: what the engine indexes and ranks on. */
import { type ListingDoc, permissionFlagsOf } from '@mlebotics/shared';
import type { SearchDocument } from './types.js';

/** Epoch milliseconds of a timestamp of either SDK, or of millis already (0 for anything else). */
function millisOf(value: unknown): number {
  if (typeof value === 'number') return value;
  const toMillis = (value as { toMillis?: unknown } | null)?.toMillis;
  return typeof toMillis === 'function' ? Number(toMillis.call(value)) : 0;
}

/**
 * Reduces a listing (timestamps of either SDK, or millis) to its search document. `readmeHeadings` are the headings of the latest
 * version's README, when the caller has read it (they weigh least in ranking).
 */
export function searchDocumentOf(listing: ListingDoc<unknown>, readmeHeadings?: string[]): SearchDocument {
  const flags = Object.keys(listing.permissionFlags);
  return {
    id: listing.id,
    name: listing.name,
    summary: listing.summary,
    publisherId: listing.publisherId,
    publisherName: listing.publisherName,
    publisherVerified: listing.publisherVerified,
    keywords: listing.keywords,
    categories: listing.categories,
    capabilityTypes: listing.capabilityTypes,
    // Listings written before permissionFlags existed carry only permissionNames.
    permissionFlags: flags.length > 0 ? flags : Object.keys(permissionFlagsOf(listing.permissionNames)),
    priceClass: listing.priceClass,
    rating: { count: listing.rating.count, average: listing.rating.average },
    installCount: listing.installCount,
    updatedAtMs: millisOf(listing.updatedAt),
    deprecated: listing.deprecated !== null,
    ...(readmeHeadings ? { readmeHeadings } : {}),
  };
}

/** The `#`–`###` headings of a README (Markdown), for `searchDocumentOf`. */
export function readmeHeadingsOf(markdown: string, max = 30): string[] {
  return Array.from(markdown.slice(0, 200_000).matchAll(/^#{1,3}[ \t]+(.+?)[ \t#]*$/gm), (m) =>
    m[1]!.slice(0, 120),
  ).slice(0, max);
}
