import { paths, words, type ListingDoc } from '@mlebotics/shared';
import { useDocument, useLiveQuery } from '../../../lib/firestore';
import { queries } from '../../../lib/queries';

export type Listing = ListingDoc & { id: string };

/** The number of public plugins, live from the catalogue's statistics document. */
export function useCatalogCount(): number | undefined {
  return useDocument('catalogStats', paths.catalogStats()).data?.publicPlugins;
}

/**
 * Firestore matches one search token (the longest word); the other words of a multi-word search
 * refine the loaded page here, against the same prefix tokens.
 */
export function matchesAllWords(listing: Listing, q: string | undefined): boolean {
  if (!q) return true;
  const tokens = new Set(listing.searchTokens ?? []);
  return words(q).every((w) => tokens.has(w.slice(0, 15)));
}

/** Which version of each plugin an organization installed (for the cards' state), live. */
export function useInstalledVersions(orgId: string | undefined): ReadonlyMap<string, string> {
  const installs = useLiveQuery(orgId ? queries.installs(orgId) : null, orgId ?? 'none');
  return new Map(installs.status === 'ready' ? installs.data.map((i) => [i.id, i.version]) : []);
}
