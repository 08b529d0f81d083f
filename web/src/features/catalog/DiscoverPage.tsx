import {
  CAPABILITY_TYPES,
  CAPABILITY_TYPE_NAMES,
  CATEGORIES,
  CATEGORY_LABELS,
  paths,
  words,
  type CapabilityType,
  type Category,
  type ListingDoc,
} from '@mlebotics/shared';
import { doc, onSnapshot } from 'firebase/firestore';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PriceBadge, VerifiedBadge } from '../../components/ui/Badges';
import { EmptyState, ErrorState, Loading } from '../../components/ui/States';
import { Stars } from '../../components/ui/Stars';
import { db } from '../../lib/firebase';
import { useLiveQuery } from '../../lib/firestore';
import {
  MIN_RATINGS,
  PAGE_SIZE,
  SORTS,
  discoveryQuery,
  type DiscoveryFilters,
  type MinRating,
  type SortKey,
} from '../../lib/queries';

/** Filters live in the URL: shareable, and the back button walks through them. */
function filtersFrom(params: URLSearchParams): DiscoveryFilters {
  const pick = <T extends string>(key: string, allowed: readonly T[]) => {
    const value = params.get(key);
    return value && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
  };
  const minRating = Number(params.get('rating'));
  return {
    q: params.get('q')?.slice(0, 100) || undefined,
    category: pick<Category>('category', CATEGORIES),
    capability: pick<CapabilityType>('capability', CAPABILITY_TYPE_NAMES),
    minRating: (MIN_RATINGS as readonly number[]).includes(minRating) ? (minRating as MinRating) : undefined,
    publisher: params.get('publisher')?.match(/^[a-z0-9-]{2,40}$/)?.[0],
    price: pick<'free' | 'paid'>('price', ['free', 'paid']),
    sort: pick<SortKey>('sort', Object.keys(SORTS) as SortKey[]) ?? (params.get('q') ? 'relevance' : 'installs'),
  };
}

type Listing = ListingDoc & { id: string };

/**
 * Firestore matches one search token (the longest word); the other words of a multi-word search
 * refine the loaded page here, against the same prefix tokens.
 */
function matchesAllWords(listing: Listing & { searchTokens?: string[] }, q: string | undefined): boolean {
  if (!q) return true;
  const tokens = new Set(listing.searchTokens ?? []);
  return words(q).every((w) => tokens.has(w.slice(0, 15)));
}

function PluginCard({ listing }: { listing: Listing }) {
  return (
    <li className="card" data-testid="plugin-card">
      <Link to={`/plugins/${listing.id}`} className="card-title">
        <div className="card-head">
          {listing.iconDataUrl ? <img src={listing.iconDataUrl} alt="" /> : <div className="plugin-icon" />}
          <div>
            <h2>{listing.name}</h2>
            <div className="meta">
              <span>{listing.publisherName}</span>
              {listing.publisherVerified && <VerifiedBadge />}
            </div>
          </div>
        </div>
      </Link>
      <p>{listing.summary}</p>
      <div className="meta">
        <Stars value={listing.rating?.average ?? 0} count={listing.rating?.count ?? 0} />
        <span data-testid="install-count">{listing.installCount ?? 0} installs</span>
        <PriceBadge pricing={listing.pricing} />
        {(listing.capabilityTypes ?? []).map((t) => (
          <span key={t} className="badge">
            {CAPABILITY_TYPES[t]?.title ?? t}
          </span>
        ))}
      </div>
    </li>
  );
}

/** The search box: commits to the URL after a pause; follows the URL when it changes (back, clear). */
function SearchBox({ value, onCommit }: { value: string; onCommit: (text: string) => void }) {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(value);
  }
  useEffect(() => {
    if (text.trim() === value) return;
    const handle = setTimeout(() => onCommit(text.trim()), 300);
    return () => clearTimeout(handle);
  }, [text, value, onCommit]);
  return (
    <form role="search" className="search" onSubmit={(e) => e.preventDefault()}>
      <input
        type="search"
        placeholder="Search by name, keyword or id…"
        aria-label="Search plugins"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
    </form>
  );
}

export function DiscoverPage() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFrom(params), [params]);
  const filterKey = JSON.stringify(filters);
  // "Show more" pages belong to one set of filters; new filters start again at one page.
  const [paging, setPaging] = useState({ key: filterKey, pages: 1 });
  const pages = paging.key === filterKey ? paging.pages : 1;
  const [count, setCount] = useState<number>();
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

  useEffect(
    () =>
      onSnapshot(
        doc(db, paths.catalogStats()),
        (snap) => setCount(snap.get('publicPlugins') as number | undefined),
        () => undefined,
      ),
    [],
  );

  const spec = discoveryQuery(filters, pages);
  const results = useLiveQuery<ListingDoc>(spec, `${filterKey}|${pages}`);

  const setFilter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const active = ['q', 'category', 'capability', 'rating', 'publisher', 'price'].some((k) => params.has(k));

  return (
    <section>
      <h1>Discover plugins</h1>
      <p className="muted" data-testid="catalog-count">
        {count ?? 0} plugins
      </p>
      <SearchBox value={filters.q ?? ''} onCommit={commitSearch} />
      <div className="filters">
        <label>
          Category
          <select value={filters.category ?? ''} onChange={(e) => setFilter('category', e.target.value || undefined)}>
            <option value="">All categories</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {CATEGORY_LABELS[c]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Capability
          <select
            value={filters.capability ?? ''}
            onChange={(e) => setFilter('capability', e.target.value || undefined)}
          >
            <option value="">Any capability</option>
            {CAPABILITY_TYPE_NAMES.map((t) => (
              <option key={t} value={t}>
                {CAPABILITY_TYPES[t].title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Minimum rating
          <select value={filters.minRating ?? ''} onChange={(e) => setFilter('rating', e.target.value || undefined)}>
            <option value="">Any rating</option>
            {MIN_RATINGS.map((r) => (
              <option key={r} value={r}>
                {r}★ and up
              </option>
            ))}
          </select>
        </label>
        <label>
          Price
          <select value={filters.price ?? ''} onChange={(e) => setFilter('price', e.target.value || undefined)}>
            <option value="">Free and paid</option>
            <option value="free">Free</option>
            <option value="paid">Paid</option>
          </select>
        </label>
        <label>
          Publisher
          <input
            placeholder="publisher id"
            defaultValue={filters.publisher ?? ''}
            key={filters.publisher ?? ''}
            onBlur={(e) => setFilter('publisher', e.target.value.trim().toLowerCase() || undefined)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') setFilter('publisher', e.currentTarget.value.trim().toLowerCase() || undefined);
            }}
          />
        </label>
        <label>
          Sort by
          <select value={filters.sort} onChange={(e) => setFilter('sort', e.target.value)}>
            {(Object.keys(SORTS) as SortKey[]).map((s) => (
              <option key={s} value={s}>
                {SORTS[s].label}
              </option>
            ))}
          </select>
        </label>
        {active && (
          <button type="button" className="button ghost" onClick={() => setParams(new URLSearchParams())}>
            Clear filters
          </button>
        )}
      </div>
      {results.status === 'loading' && <Loading label="Loading plugins…" />}
      {results.status === 'error' && <ErrorState title="Could not load the catalogue" message={results.error} />}
      {results.status === 'ready' &&
        (() => {
          const rows = (results.data as Array<Listing & { searchTokens?: string[] }>).filter((l) =>
            matchesAllWords(l, filters.q),
          );
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
