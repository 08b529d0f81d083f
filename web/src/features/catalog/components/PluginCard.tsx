import { CAPABILITY_TYPES, paths, type SearchHit } from '@mlebotics/shared';
import { Link } from 'react-router';
import { PriceBadge, VerifiedBadge, YankedBadge } from '../../../components/ui/Badges';
import { Stars, averageRating } from '../../../components/ui/Stars';
import { useDocument } from '../../../lib/firestore';
import type { Listing } from '../api/catalog';
import { Highlighted } from './Highlighted';

/**
 * A plugin in the catalogue: name, publisher, summary, rating, installs, price, capabilities,
 * and its state for the current organization (installed version, yanked since, update available)
 * and for everyone (deprecated).
 */
export function PluginCard({
  listing,
  installedVersion,
  highlights,
}: {
  listing: Listing;
  installedVersion?: string;
  /** What a search matched in the name and summary. */
  highlights?: SearchHit['highlights'];
}) {
  const update = installedVersion && listing.latestVersion && listing.latestVersion !== installedVersion;
  // Read only for a plugin installed here: whether its publisher yanked the installed version.
  const installedDoc = useDocument('version', installedVersion ? paths.version(listing.id, installedVersion) : null);
  const yanked = installedVersion && installedDoc.data?.status === 'yanked';
  return (
    <li className="card" data-testid="plugin-card">
      <Link to={`/plugins/${listing.id}`} className="card-title">
        <div className="card-head">
          {listing.iconDataUrl ? <img src={listing.iconDataUrl} alt="" /> : <div className="plugin-icon" />}
          <div>
            <h2>
              <Highlighted text={listing.name} ranges={highlights?.name} />
            </h2>
            <div className="meta">
              <span>{listing.publisherName}</span>
              {listing.publisherVerified && <VerifiedBadge />}
            </div>
          </div>
        </div>
      </Link>
      {(installedVersion || listing.deprecated) && (
        <div className="meta" data-testid="card-state">
          {installedVersion && <span className="badge risk-low">Installed {installedVersion}</span>}
          {yanked && <YankedBadge version={installedVersion} />}
          {update && <span className="badge risk-medium">Update available: {listing.latestVersion}</span>}
          {yanked && update && (
            <Link to={`/plugins/${listing.id}`} className="button small" aria-label={`Update ${listing.name}`}>
              Update
            </Link>
          )}
          {listing.deprecated && <span className="badge risk-high">Deprecated</span>}
        </div>
      )}
      <p>
        <Highlighted text={listing.summary} ranges={highlights?.summary} />
      </p>
      <div className="meta">
        <Stars value={averageRating(listing.rating)} count={listing.rating?.count ?? 0} />
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
