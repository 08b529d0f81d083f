import type { search, SearchOutput } from '@mlebotics/shared';
import { useEffect, useRef, useState } from 'react';
import { retryDelay } from '../../../lib/connection';
import { call, CallError } from '../../../lib/functions';
import type { DiscoveryFilters } from '../../../lib/queries';
import { NewestOnly } from './newest-only';

/** Results shown earlier, with the search text they answered. */
export interface EarlierResults {
  q: string;
  result: SearchOutput;
}

export type SearchState =
  | { status: 'loading' }
  | {
      status: 'ready';
      result: SearchOutput;
      /** The search text these results answer (while refreshing, an earlier one). */
      q: string;
      refreshing: boolean;
      /** The search service answered again after being unreachable (shown for a few seconds). */
      back: boolean;
    }
  | {
      status: 'unreachable';
      /** The last results shown, kept on screen (marked out of date) while the service is away. */
      previous?: EarlierResults;
    }
  | { status: 'error'; error: string };

/** How long "search is back" stays shown. */
const BACK_NOTICE_MS = 6000;

/**
 * The page's requests to the search service, one at a time (searches as you type and the
 * browsing facet counts): a second request at once would start another service instance, cold.
 */
export const searchQueue = new NewestOnly();

/** The search callable's input for the discovery filters (`q` is the text). */
export function searchInput(filters: DiscoveryFilters, pageSize: number, orgId: string | undefined) {
  return {
    text: filters.q ?? '',
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
  };
}

function earlier(state: { q: string; value: SearchState }): EarlierResults | undefined {
  if (state.value.status === 'ready') return { q: state.q, result: state.value.result };
  if (state.value.status === 'unreachable') return state.value.previous;
  return undefined;
}

/**
 * Full-text search through the `search` callable (typo-tolerant, ranked, faceted), as you type:
 * `filters.q` is the search box's live text. One search runs at a time; the text typed while it
 * runs is searched as soon as it answers (only the latest text: never a queue of every
 * keystroke). Answers come in the order asked, each shown as it arrives, so results follow the
 * typing and an older query's results never replace a newer one's; while the latest query runs,
 * the previous results stay on screen (`refreshing`, without a flash of "Loading"). Private
 * plugins of the current organization are searched too.
 *
 * When the service cannot be reached, the last results stay (the page marks them out of date),
 * the query is tried again on a backoff timer and when the browser comes back online, and the
 * first answer after that is flagged `back`.
 */
export function useSearch(filters: DiscoveryFilters, pageSize: number, orgId: string | undefined): SearchState {
  const key = JSON.stringify({ ...filters, pageSize, orgId });
  const [state, setState] = useState<{ key: string; q: string; value: SearchState }>({
    key: '',
    q: '',
    value: { status: 'loading' },
  });
  // Whether the last answer was "unreachable", for whichever query: the next success says
  // the service is back even when the person changed the query meanwhile.
  const wasUnreachable = useRef(false);
  useEffect(() => {
    const q = filters.q;
    if (!q) return;
    let current = true;
    let inFlight = false;
    let failures = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let backTimer: ReturnType<typeof setTimeout> | undefined;
    let dropWaiting = () => {};
    const send = () =>
      call<typeof search>('search', searchInput(filters, pageSize, orgId)).then(
        (result) => {
          inFlight = false;
          if (!current) {
            // Typed on meanwhile: shown until the newer query answers (it is already waiting).
            setState((s) =>
              s.value.status === 'loading' || s.value.status === 'ready'
                ? { key, q, value: { status: 'ready', result, q, refreshing: false, back: false } }
                : s,
            );
            return;
          }
          const back = failures > 0 || wasUnreachable.current;
          failures = 0;
          wasUnreachable.current = false;
          setState({ key, q, value: { status: 'ready', result, q, refreshing: false, back } });
          if (back) {
            backTimer = setTimeout(
              () =>
                current &&
                setState((s) =>
                  s.key === key && s.value.status === 'ready' ? { ...s, value: { ...s.value, back: false } } : s,
                ),
              BACK_NOTICE_MS,
            );
          }
        },
        (error: unknown) => {
          inFlight = false;
          if (!current) return;
          if (!(error instanceof CallError && error.reason === 'unreachable')) {
            setState({ key, q, value: { status: 'error', error: (error as Error).message } });
            return;
          }
          wasUnreachable.current = true;
          const wait = retryDelay(failures++);
          retryTimer = setTimeout(attempt, wait);
          setState((s) => {
            const previous = earlier(s);
            return {
              key,
              q: previous?.q ?? q,
              value: { status: 'unreachable', previous },
            };
          });
        },
      );
    const attempt = () => {
      clearTimeout(retryTimer);
      inFlight = true;
      dropWaiting = searchQueue.schedule(send);
    };
    const onOnline = () => {
      if (failures > 0 && !inFlight) attempt();
    };
    window.addEventListener('online', onOnline);
    attempt();
    return () => {
      current = false;
      dropWaiting();
      clearTimeout(retryTimer);
      clearTimeout(backTimer);
      window.removeEventListener('online', onOnline);
    };
    // `key` stands for every input of the query.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  if (state.key === key) return state.value;
  // The query changed and its answer is not here yet: the last results stay shown meanwhile.
  const value = state.value;
  if (value.status === 'ready') return { ...value, refreshing: true, back: false };
  // Still unreachable as far as is known: the earlier results stay, marked out of date.
  if (value.status === 'unreachable' && value.previous) return value;
  return { status: 'loading' };
}
