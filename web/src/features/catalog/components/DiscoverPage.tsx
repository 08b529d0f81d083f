import { useMemo, useState, type ReactNode } from 'react';
import { useSession } from '../../../app/session';
import { EmptyState, ErrorState, Loading, Unreachable } from '../../../components/ui/States';
import { useTitle } from '../../../hooks/use-title';
import { useLiveQuery } from '../../../lib/firestore';
import { PAGE_SIZE, discoveryQuery } from '../../../lib/queries';
import { useCatalogCount, useFacetCounts, useInstalledVersions, type FacetCounts } from '../api/catalog';
import { useSearch } from '../api/search';
import { useDiscoveryFilters } from '../hooks/use-discovery-filters';
import { useSearchText } from '../hooks/use-search-text';
import { FilterBar } from './FilterBar';
import { PluginCard } from './PluginCard';
import { SearchBox } from './SearchBox';
import { SearchHitCard } from './SearchHitCard';

const plural = (n: number, more: boolean) => `${n}${more ? ' or more' : ''} ${n === 1 && !more ? 'plugin' : 'plugins'}`;

/**
 * Said above results kept from an earlier search while the search service cannot be reached:
 * which search they answered, that they may be out of date, and that it tries again.
 */
function SearchStale({ q, current }: { q: string; current: string }) {
  return (
    <div className="alert-warn" role="alert" data-testid="search-stale">
      <strong>Cannot reach the search service.</strong>{' '}
      {q === current
        ? 'These results may be out of date.'
        : `These are the earlier results for “${q}”, not yet for “${current}”.`}{' '}
      The search is tried again by itself, and as soon as your connection is back.
    </div>
  );
}

/**
 * The catalogue: search, filters in the URL, live results, and "Show more". With search text it
 * asks the search service (typo-tolerant, ranked, true facet counts, "did you mean"); without,
 * Firestore's filtered queries are faster and stay live.
 */
export function DiscoverPage() {
  const { filters: committed, withText, commitSearch, setFilter, clear, active } = useDiscoveryFilters();
  // Searched as typed; the URL gets the text shortly after the last key.
  const [text, setText] = useSearchText(committed.q ?? '', commitSearch);
  const filters = useMemo(() => withText(text), [withText, text]);
  const filterKey = JSON.stringify(filters);
  // "Show more" pages belong to one set of filters; new filters start again at one page.
  const [paging, setPaging] = useState({ key: filterKey, pages: 1 });
  const pages = paging.key === filterKey ? paging.pages : 1;
  const count = useCatalogCount();
  const { currentOrgId } = useSession();
  const installed = useInstalledVersions(currentOrgId);
  const searching = !!filters.q;

  // Public listings only: read without waiting for the session to be restored.
  const browse = useLiveQuery(searching ? null : discoveryQuery(filters, pages), `${filterKey}|${pages}`, {
    public: true,
  });
  const searched = useSearch(filters, PAGE_SIZE * pages, currentOrgId);
  const browseCounts = useFacetCounts(filters, !searching && browse.status === 'ready');
  useTitle(committed.q ? `“${committed.q}” in plugins` : 'Discover plugins');
  const showMore = () => setPaging({ key: filterKey, pages: pages + 1 });

  let countText: string | undefined;
  let facets: FacetCounts | undefined;
  let body: ReactNode;
  if (searching) {
    const shown =
      searched.status === 'ready'
        ? { result: searched.result, refreshing: searched.refreshing, q: searched.q }
        : searched.status === 'unreachable' && searched.previous
          ? { result: searched.previous.result, refreshing: false, q: searched.previous.q }
          : undefined;
    const result = shown?.result;
    const stale = searched.status === 'unreachable';
    if (result) {
      countText = stale
        ? `${plural(result.total, false)} matched “${shown.q}” when last reached`
        : `${plural(result.total, false)} match`;
      facets = {
        category: result.facets.category,
        capability: result.facets.capability,
        permission: result.facets.permission,
      } as FacetCounts;
    }
    const notice =
      searched.status === 'unreachable' && result ? (
        <SearchStale q={shown!.q} current={filters.q!} />
      ) : searched.status === 'ready' && searched.back ? (
        <p className="alert-ok" role="status" data-testid="search-back">
          Search is reachable again: these results are up to date.
        </p>
      ) : null;
    if (searched.status === 'loading') body = <Loading label="Searching…" />;
    else if (searched.status === 'unreachable' && !result) body = <Unreachable what="The search" />;
    else if (searched.status === 'error') body = <ErrorState title="The search failed" message={searched.error} />;
    else if (result) {
      const suggestion = !stale && result.suggestion && (
        <p data-testid="did-you-mean">
          Did you mean{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              setText(result.suggestion!);
              commitSearch(result.suggestion!);
            }}
          >
            {result.suggestion}
          </button>
          ?
        </p>
      );
      body =
        result.hits.length === 0 ? (
          <>
            {notice}
            <EmptyState title={stale ? `No plugins matched “${shown!.q}”` : 'No plugins match'}>
              {suggestion}
              <p className="muted">Try fewer filters or another search.</p>
            </EmptyState>
          </>
        ) : (
          <>
            {notice}
            {suggestion}
            <ul
              className="cards"
              data-testid="plugin-list"
              aria-busy={shown!.refreshing}
              data-query={shown!.q}
              data-stale={stale || undefined}
            >
              {result.hits.map((hit) => (
                <SearchHitCard key={hit.id} hit={hit} installed={installed} />
              ))}
            </ul>
            {!stale && result.total > result.hits.length && (
              <button type="button" className="button" onClick={showMore}>
                Show more
              </button>
            )}
          </>
        );
    }
  } else {
    facets = browseCounts;
    const rows = browse.status === 'ready' ? browse.data : undefined;
    const more = !!rows && rows.length >= PAGE_SIZE * pages;
    if (rows) {
      // The whole public catalogue without filters, else the matching results.
      countText = active
        ? `${plural(rows.length, more)} match`
        : plural(Math.max(count ?? rows.length, rows.length), more);
    }
    if (browse.status === 'loading') body = <Loading label="Loading plugins…" />;
    else if (browse.status === 'error')
      body = <ErrorState title="Could not load the catalogue" message={browse.error} />;
    else if (browse.status === 'unreachable') body = <Unreachable what="The catalogue" />;
    else if (rows && rows.length === 0) {
      body = (
        <EmptyState title="No plugins match">
          <p className="muted">Try fewer filters or another search.</p>
        </EmptyState>
      );
    } else if (rows) {
      body = (
        <>
          <ul className="cards" data-testid="plugin-list">
            {rows.map((listing) => (
              <PluginCard key={listing.id} listing={listing} installedVersion={installed.get(listing.id)} />
            ))}
          </ul>
          {more && (
            <button type="button" className="button" onClick={showMore}>
              Show more
            </button>
          )}
        </>
      );
    }
  }

  return (
    <section>
      <h1>Discover plugins</h1>
      <p className="muted" data-testid="catalog-count" aria-live="polite">
        {countText ?? '\u00a0'}
      </p>
      <SearchBox value={text} onChange={setText} />
      <FilterBar filters={filters} setFilter={setFilter} active={active} onClear={clear} counts={facets} />
      {body}
    </section>
  );
}
