import {
  CAPABILITY_TYPES,
  CAPABILITY_TYPE_NAMES,
  CATEGORIES,
  CATEGORY_LABELS,
  PERMISSIONS,
  PERMISSION_FLAGS,
  PERMISSION_NAMES,
  permissionFlag,
  type PermissionFlag,
} from '@mlebotics/shared';
import { useEffect, useState } from 'react';
import type { FacetCounts } from '../api/catalog';
import { MIN_RATINGS, SORTS, type DiscoveryFilters, type SortKey } from '../../../lib/queries';

const withCount = (n: number | undefined) => (n === undefined ? '' : ` (${n})`);

/** The permission a filter key stands for (`sensors_read` → `sensors:read`). */
const flagName = (flag: Exclude<PermissionFlag, 'none'>) =>
  PERMISSION_NAMES.find((name) => permissionFlag(name) === flag)!;

/** The publisher filter: applied as you type (after a short pause), not only on Enter. */
function PublisherInput({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [text, setText] = useState(value);
  const [synced, setSynced] = useState(value);
  if (synced !== value) {
    // The URL changed (back button, a link): show its value.
    setSynced(value);
    setText(value);
  }
  useEffect(() => {
    const wanted = text.trim().toLowerCase();
    if (wanted === value) return;
    const timer = setTimeout(() => onChange(wanted), 300);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <input
      placeholder="publisher id"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onChange(text.trim().toLowerCase());
      }}
    />
  );
}

/** The discovery filters: category, capability, rating, price, publisher and sort. */
export function FilterBar({
  filters,
  setFilter,
  active,
  onClear,
  counts,
}: {
  counts: FacetCounts | undefined;
  filters: DiscoveryFilters;
  setFilter: (key: string, value: string | undefined) => void;
  active: boolean;
  onClear: () => void;
}) {
  return (
    <div className="filters">
      <label>
        Category
        <select value={filters.category ?? ''} onChange={(e) => setFilter('category', e.target.value || undefined)}>
          <option value="">All categories</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {CATEGORY_LABELS[c]}
              {withCount(counts?.category[c])}
            </option>
          ))}
        </select>
      </label>
      <label>
        Capability
        <select value={filters.capability ?? ''} onChange={(e) => setFilter('capability', e.target.value || undefined)}>
          <option value="">Any capability</option>
          {CAPABILITY_TYPE_NAMES.map((t) => (
            <option key={t} value={t}>
              {CAPABILITY_TYPES[t].title}
              {withCount(counts?.capability[t])}
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
        Permission
        <select value={filters.permission ?? ''} onChange={(e) => setFilter('permission', e.target.value || undefined)}>
          <option value="">Any permissions</option>
          {PERMISSION_FLAGS.map((flag) => (
            <option key={flag} value={flag}>
              {flag === 'none' ? 'No permissions' : PERMISSIONS[flagName(flag)].title}
              {withCount(counts?.permission[flag])}
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
        <PublisherInput value={filters.publisher ?? ''} onChange={(v) => setFilter('publisher', v || undefined)} />
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
        <button type="button" className="button ghost" onClick={onClear}>
          Clear filters
        </button>
      )}
    </div>
  );
}
