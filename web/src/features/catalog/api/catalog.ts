import {
  CAPABILITY_TYPE_NAMES,
  CATEGORIES,
  PERMISSION_FLAGS,
  paths,
  type CapabilityType,
  type Category,
  type ListingDoc,
  type PermissionFlag,
} from '@mlebotics/shared';
import { useEffect, useState } from 'react';
import { countMatching, useDocument, useLiveQuery } from '../../../lib/firestore';
import { discoveryQuery, queries, type DiscoveryFilters } from '../../../lib/queries';

export type Listing = ListingDoc & { id: string };

/** The number of public plugins, live from the catalogue's statistics document. */
export function useCatalogCount(): number | undefined {
  return useDocument('catalogStats', paths.catalogStats()).data?.publicPlugins;
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
 * For each option of a facet, how many plugins the current search and the other filters would
 * show with that option chosen (counted by the server; refreshed when the filters change).
 */
export function useFacetCounts(filters: DiscoveryFilters, resultsShown: boolean): FacetCounts | undefined {
  const [state, setState] = useState<{ key: string; counts: FacetCounts }>();
  const key = JSON.stringify({ ...filters, sort: undefined });
  useEffect(() => {
    // Counted only once the results are on screen: the counts never delay the first render.
    if (!resultsShown) return;
    let current = true;
    const timer = setTimeout(() => {
      const count = <K extends string>(facet: keyof FacetCounts, options: readonly K[]) =>
        Promise.all(
          options.map((option) =>
            countMatching(discoveryQuery({ ...filters, [facet]: option })).then(
              (n) => [option, n] as const,
              () => [option, undefined] as const,
            ),
          ),
        ).then((pairs) => Object.fromEntries(pairs.filter(([, n]) => n !== undefined)) as Partial<Record<K, number>>);
      void Promise.all([
        count('category', CATEGORIES),
        count('capability', CAPABILITY_TYPE_NAMES),
        count('permission', PERMISSION_FLAGS),
      ]).then(([category, capability, permission]) => {
        if (current) setState({ key, counts: { category, capability, permission } });
      });
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // `key` stands for the filters (without the sort, which changes no count).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, resultsShown]);
  return state?.key === key ? state.counts : undefined;
}
