import type { ListingDoc } from '@mlebotics/shared';
import { useState } from 'react';
import { EmptyState, ErrorState, Loading } from '../../../components/ui/States';
import { useLiveQuery } from '../../../lib/firestore';
import { PAGE_SIZE, discoveryQuery } from '../../../lib/queries';
import { matchesAllWords, useCatalogCount, type Listing } from '../api/catalog';
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

  const spec = discoveryQuery(filters, pages);
  const results = useLiveQuery<ListingDoc>(spec, `${filterKey}|${pages}`);

  return (
    <section>
      <h1>Discover plugins</h1>
      <p className="muted" data-testid="catalog-count">
        {count ?? 0} plugins
      </p>
      <SearchBox value={filters.q ?? ''} onCommit={commitSearch} />
      <FilterBar filters={filters} setFilter={setFilter} active={active} onClear={clear} />
      {results.status === 'loading' && <Loading label="Loading plugins…" />}
      {results.status === 'error' && <ErrorState title="Could not load the catalogue" message={results.error} />}
      {results.status === 'ready' &&
        (() => {
          const rows = (results.data as Listing[]).filter((l) => matchesAllWords(l, filters.q));
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
                  <PluginCard key={listing.id} listing={listing} />
                ))}
              </ul>
              {results.data.length >= PAGE_SIZE * pages && (
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
