import {
  CAPABILITY_TYPE_NAMES,
  CATEGORIES,
  PERMISSION_FLAGS,
  PUBLISHER_ID,
  type CapabilityType,
  type Category,
  type PermissionFlag,
} from '@mlebotics/shared';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { MIN_RATINGS, SORTS, type DiscoveryFilters, type MinRating, type SortKey } from '../../../lib/queries';

/**
 * Filters live in the URL: shareable, and the back button walks through them. `text` stands for
 * the URL's search text when given (the search box's live text, searched before the URL has it).
 */
function filtersFrom(params: URLSearchParams, text: string | null = params.get('q')): DiscoveryFilters {
  const pick = <T extends string>(key: string, allowed: readonly T[]) => {
    const value = params.get(key);
    return value && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
  };
  const minRating = Number(params.get('rating'));
  return {
    q: text?.trim().slice(0, 100) || undefined,
    category: pick<Category>('category', CATEGORIES),
    capability: pick<CapabilityType>('capability', CAPABILITY_TYPE_NAMES),
    minRating: (MIN_RATINGS as readonly number[]).includes(minRating) ? (minRating as MinRating) : undefined,
    publisher: params.get('publisher')?.match(PUBLISHER_ID)?.[0],
    price: pick<'free' | 'paid'>('price', ['free', 'paid']),
    permission: pick<PermissionFlag>('permission', PERMISSION_FLAGS),
    sort: pick<SortKey>('sort', Object.keys(SORTS) as SortKey[]) ?? (text?.trim() ? 'relevance' : 'installs'),
  };
}

/**
 * The discovery filters from the URL, and setters that write them back to it; `withText` gives
 * the same filters with the search box's live text instead of the URL's.
 */
export function useDiscoveryFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFrom(params), [params]);
  const withText = useCallback((text: string) => filtersFrom(params, text), [params]);
  const commitSearch = useCallback(
    (text: string) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (text) next.set('q', text);
          else next.delete('q');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const setFilter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const clear = () => setParams(new URLSearchParams());
  const active = ['q', 'category', 'capability', 'rating', 'publisher', 'price', 'permission'].some((k) =>
    params.has(k),
  );
  return { filters, withText, commitSearch, setFilter, clear, active };
}
