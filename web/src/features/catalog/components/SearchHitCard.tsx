import { paths, type SearchHit } from '@mlebotics/shared';
import { useDocument } from '../../../lib/firestore';
import { PluginCard } from './PluginCard';

/**
 * A search result: the listing itself is read live from Firestore (installs, rating and
 * deprecation stay current while the page is open), the matched ranges come from the search.
 */
export function SearchHitCard({ hit, installed }: { hit: SearchHit; installed: ReadonlyMap<string, string> }) {
  const listing = useDocument('plugin', paths.plugin(hit.id));
  if (!listing.data) {
    return (
      <li className="card" data-testid="plugin-card" aria-busy={listing.loading}>
        <p className="muted">{listing.loading ? 'Loading…' : 'This plugin is no longer available.'}</p>
      </li>
    );
  }
  return (
    <PluginCard
      listing={{ ...listing.data, id: hit.id }}
      installedVersion={installed.get(hit.id)}
      highlights={hit.highlights}
    />
  );
}
