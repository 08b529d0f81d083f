import { paths, type SearchHit } from '@mlebotics/shared';
import { useDocument } from '../../../lib/firestore';
import { Highlighted } from './Highlighted';
import { PluginCard } from './PluginCard';

/**
 * A search result: painted at once from what the search answered (name, summary, publisher),
 * then the listing itself, read live from Firestore (installs, rating, price and deprecation
 * stay current while the page is open); the matched ranges come from the search.
 */
export function SearchHitCard({ hit, installed }: { hit: SearchHit; installed: ReadonlyMap<string, string> }) {
  const listing = useDocument('plugin', paths.plugin(hit.id));
  if (listing.data) {
    return (
      <PluginCard
        listing={{ ...listing.data, id: hit.id }}
        installedVersion={installed.get(hit.id)}
        highlights={hit.highlights}
      />
    );
  }
  if (!listing.loading) {
    return (
      <li className="card" data-testid="plugin-card">
        <p className="muted">This plugin is no longer available.</p>
      </li>
    );
  }
  return (
    <li className="card" data-testid="plugin-card" aria-busy="true">
      <div className="card-title">
        <div className="card-head">
          <div className="plugin-icon" />
          <div>
            <h2>
              <Highlighted text={hit.preview.name} ranges={hit.highlights.name} />
            </h2>
            <div className="meta">
              <span>{hit.preview.publisherName}</span>
            </div>
          </div>
        </div>
      </div>
      <p>
        <Highlighted text={hit.preview.summary} ranges={hit.highlights.summary} />
      </p>
    </li>
  );
}
