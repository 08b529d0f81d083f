import {
  paths,
  type search,
  type CapabilityType,
  type Category,
  type ListingDoc,
  type PermissionFlag,
} from '@mlebotics/shared';
import { useEffect, useState } from 'react';
import { useDocument, useLiveQuery } from '../../../lib/firestore';
import { call } from '../../../lib/functions';
import { queries, type DiscoveryFilters } from '../../../lib/queries';
import { searchInput, searchQueue } from './search';

export type Listing = ListingDoc & { id: string };

/** The number of public plugins, live from the catalogue's statistics document. */
export function useCatalogCount(): number | undefined {
  return useDocument('catalogStats', paths.catalogStats(), { public: true }).data?.publicPlugins;
}

/** Which version of each plugin an organization installed (for the cards' state), live. */
export function useInstalledVersions(orgId: string | undefined): ReadonlyMap<string, string> {
  const installs = useLiveQuery(orgId ? queries.installs(orgId) : null, orgId ?? 'none');
  return new Map(installs.status === 'ready' ? installs.data.map((i) => [i.id, i.version]) : []);
}

/** Result counts per option of the category, capability and permission filters. */
export interface FacetCounts {
  category: Partial<Record<Category, number>>;
  capability: Partial<Record<CapabilityType, number>>;
  permission: Partial<Record<PermissionFlag, number>>;
}

/**
 * For each option of a facet, how many plugins the current filters would show with that option
 * chosen, from the search service (one request: it counts every facet over its index of the
 * public catalogue, at most a second behind the listings), refreshed when the filters change.
 */
export function useFacetCounts(filters: DiscoveryFilters, resultsShown: boolean): FacetCounts | undefined {
  const [state, setState] = useState<{ key: string; counts: FacetCounts }>();
  const key = JSON.stringify({ ...filters, q: undefined, sort: undefined });
  useEffect(() => {
    // Counted only once the results are on screen: the counts never delay the first render.
    if (!resultsShown) return;
    let current = true;
    let dropWaiting = () => {};
    const timer = setTimeout(() => {
      // Public listings only, as browsing shows; one result is the least a search returns.
      const input = searchInput({ ...filters, q: undefined }, 1, undefined);
      dropWaiting = searchQueue.schedule(() =>
        call<typeof search>('search', input).then(
          ({ facets }) =>
            current &&
            setState({
              key,
              counts: {
                category: facets.category,
                capability: facets.capability,
                permission: facets.permission,
              } as FacetCounts,
            }),
          // Without counts the filters still work; they come with the next change.
          () => undefined,
        ),
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
      dropWaiting();
    };
    // `key` stands for the filters (without the text and sort, which change no browsing count).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, resultsShown]);
  return state?.key === key ? state.counts : undefined;
}
