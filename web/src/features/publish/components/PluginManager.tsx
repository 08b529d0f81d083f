import type { ListingDoc } from '@mlebotics/shared';
import { Link } from 'react-router';
import { PriceBadge, priceLabel } from '../../../components/ui/Badges';
import { TableScroll } from '../../../components/ui/TableScroll';
import { useLiveQuery } from '../../../lib/firestore';
import { queries } from '../../../lib/queries';
import { ListingSettings } from './ListingSettings';
import { VersionRow } from './VersionRow';

/** One of the caller's plugins: its versions and its listing settings. */
export function PluginManager({ listing }: { listing: ListingDoc & { id: string } }) {
  const versions = useLiveQuery(queries.versions(listing.id), listing.id);
  return (
    <li className="panel" data-testid={`my-plugin-${listing.id}`}>
      <h3>
        <Link to={`/plugins/${listing.id}`}>{listing.name}</Link> <code>{listing.id}</code>{' '}
        {listing.visibility === 'private' && <span className="badge">private to {listing.privateOrgId}</span>}{' '}
        <PriceBadge pricing={listing.pricing} />
        {listing.deprecated && <span className="badge risk-medium">deprecated</span>}
      </h3>
      <p className="muted">
        Latest: {listing.latestVersion ?? 'none installable'} · {listing.installCount} installs ·{' '}
        {priceLabel(listing.pricing)}
      </p>
      {versions.status === 'ready' && (
        <TableScroll label={`Versions of ${listing.id}`}>
          <table aria-label={`Versions of ${listing.id}`}>
            <thead>
              <tr>
                <th>Version</th>
                <th>Published</th>
                <th>Permissions</th>
                <th>
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.data.map((v) => (
                <VersionRow key={v.id} pluginId={listing.id} version={v} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <details>
        <summary>Listing settings</summary>
        <ListingSettings listing={listing} />
      </details>
    </li>
  );
}
