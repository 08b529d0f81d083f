import { useState } from 'react';
import { useSession } from '../../../app/session';
import { EmptyState, ErrorState, Loading, Unreachable } from '../../../components/ui/States';
import { useTitle } from '../../../hooks/use-title';
import { useLiveQuery } from '../../../lib/firestore';
import { PAGE_SIZE, discoveryQuery } from '../../../lib/queries';
import { matchesAllWords, useCatalogCount, useFacetCounts, useInstalledVersions } from '../api/catalog';
import { useDiscoveryFilters } from '../hooks/use-discovery-filters';
import { FilterBar } from './FilterBar';
import { PluginCard } from './PluginCard';
import { SearchBox } from './SearchBox';

/** The catalogue: search, filters in the URL, live results, and "Show more". */
export function DiscoverPage() {
  const { filters, commitSearch, setFilter, clear, active } = useDiscoveryFilters();
  const filterKey = JSON.stringify(filters);
  // "Show more" pages belong to one set of filters; new filters start again at one page.
  const [paging, setPaging] = useState({ key: filterKey, pages: 1 });
  const pages = paging.key === filterKey ? paging.pages : 1;
  const count = useCatalogCount();
  const { currentOrgId } = useSession();
  const installed = useInstalledVersions(currentOrgId);

  const spec = discoveryQuery(filters, pages);
  const results = useLiveQuery(spec, `${filterKey}|${pages}`);
  const facetCounts = useFacetCounts(filters, results.status === 'ready');
  const rows = results.status === 'ready' ? results.data.filter((l) => matchesAllWords(l, filters.q)) : undefined;
  const more = results.status === 'ready' && results.data.length >= PAGE_SIZE * pages;
  useTitle(filters.q ? `“${filters.q}” in plugins` : 'Discover plugins');

  // The count is always the count of what is shown: the whole public catalogue without
  // filters, else the matching results (with "or more" while further pages exist).
  let countText: string | undefined;
  if (rows) {
    const n = active || filters.q ? rows.length : Math.max(count ?? rows.length, rows.length);
    countText = `${n}${more ? ' or more' : ''} ${n === 1 && !more ? 'plugin' : 'plugins'}${active || filters.q ? ' match' : ''}`;
  }

  return (
    <section>
      <h1>Discover plugins</h1>
      <p className="muted" data-testid="catalog-count" aria-live="polite">
        {countText ?? '\u00a0'}
      </p>
      <SearchBox value={filters.q ?? ''} onCommit={commitSearch} />
      <FilterBar filters={filters} setFilter={setFilter} active={active} onClear={clear} counts={facetCounts} />
      {results.status === 'loading' && <Loading label="Loading plugins…" />}
      {results.status === 'error' && <ErrorState title="Could not load the catalogue" message={results.error} />}
      {results.status === 'unreachable' && <Unreachable what="The catalogue" />}
      {rows &&
        (() => {
          if (rows.length === 0) {
            return (
              <EmptyState title="No plugins match">
                <p className="muted">Try fewer filters or another search.</p>
              </EmptyState>
            );
          }
          return (
            <>
              <ul className="cards" data-testid="plugin-list">
                {rows.map((listing) => (
                  <PluginCard key={listing.id} listing={listing} installedVersion={installed.get(listing.id)} />
                ))}
              </ul>
              {more && (
                <button
                  type="button"
                  className="button"
                  onClick={() => setPaging({ key: filterKey, pages: pages + 1 })}
                >
                  Show more
                </button>
              )}
            </>
          );
        })()}
    </section>
  );
}
