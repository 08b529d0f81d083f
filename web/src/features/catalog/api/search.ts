import type { search, SearchOutput } from '@mlebotics/shared';
import { useEffect, useState } from 'react';
import { call, CallError } from '../../../lib/functions';
import type { DiscoveryFilters } from '../../../lib/queries';

export type SearchState =
  | { status: 'loading'; previous?: SearchOutput }
  | { status: 'ready'; result: SearchOutput; refreshing: boolean }
  | { status: 'unreachable'; previous?: SearchOutput }
  | { status: 'error'; error: string };

/**
 * Full-text search through the `search` callable (typo-tolerant, ranked, faceted): while a new
 * query runs, the previous results stay on screen (results update as you type, without a
 * flash of "Loading"). Private plugins of the current organization are searched too.
 */
export function useSearch(filters: DiscoveryFilters, pageSize: number, orgId: string | undefined): SearchState {
  const key = JSON.stringify({ ...filters, pageSize, orgId });
  const [state, setState] = useState<{ key: string; value: SearchState }>({ key: '', value: { status: 'loading' } });
  useEffect(() => {
    if (!filters.q) return;
    let current = true;
    call<typeof search>('search', {
      text: filters.q,
      // Only the filters that are set (the SDK would send an unset one as null).
      filters: Object.fromEntries(
        Object.entries({
          category: filters.category,
          capability: filters.capability,
          permission: filters.permission,
          price: filters.price,
          minRating: filters.minRating,
          publisher: filters.publisher,
        }).filter(([, value]) => value !== undefined),
      ),
      sort: filters.sort,
      page: 0,
      pageSize,
      ...(orgId ? { orgId } : {}),
    }).then(
      (result) => current && setState({ key, value: { status: 'ready', result, refreshing: false } }),
      (error: unknown) => {
        if (!current) return;
        const unreachable = error instanceof CallError && error.reason === 'unreachable';
        setState((s) => ({
          key,
          value: unreachable
            ? { status: 'unreachable', previous: s.value.status === 'ready' ? s.value.result : undefined }
            : { status: 'error', error: (error as Error).message },
        }));
      },
    );
    return () => {
      current = false;
    };
    // `key` stands for every input of the query.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  if (state.key === key) return state.value;
  // The query changed and its answer is not here yet: the last results stay shown meanwhile.
  const value = state.value;
  return value.status === 'ready' ? { status: 'ready', result: value.result, refreshing: true } : { status: 'loading' };
}
