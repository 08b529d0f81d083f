import { paths } from '@mlebotics/shared';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useSession } from '../../../app/session';
import { PriceBadge, VerifiedBadge } from '../../../components/ui/Badges';
import { EmptyState, ErrorState, Loading, Unreachable } from '../../../components/ui/States';
import { Stars, averageRating } from '../../../components/ui/Stars';
import { useTitle } from '../../../hooks/use-title';
import { useDocument, useLiveQuery } from '../../../lib/firestore';
import { queries } from '../../../lib/queries';
import { setVerified } from '../api/publishers';
import { ApiTokens } from './ApiTokens';
import { errorText } from '../../../lib/functions';

/** A publisher's public page: who they are, whether the marketplace verified them, their plugins. */
export function PublisherPage() {
  const { publisherId = '' } = useParams();
  const publisher = useDocument('publisherProfile', paths.publisherProfile(publisherId));
  const plugins = useLiveQuery(queries.publisherPlugins(publisherId), publisherId);
  const { session } = useSession();
  const [adminMessage, setAdminMessage] = useState<string>();
  useTitle(publisher.data ? `${publisher.data.displayName} (publisher)` : 'Publisher');
  if (publisher.loading) return <Loading />;
  if (publisher.unreachable) return <Unreachable what="This publisher" />;
  if (!publisher.data)
    return (
      <ErrorState title="Publisher not found" message={publisher.error ?? `There is no publisher "${publisherId}".`} />
    );
  return (
    <section>
      <h1>
        {publisher.data.displayName} {publisher.data.verified && <VerifiedBadge />}
      </h1>
      <p className="muted">
        Publisher <code>{publisherId}</code>
      </p>
      {session?.isAdmin && (
        <p>
          <button
            type="button"
            className="button small"
            onClick={() =>
              void setVerified(publisherId, !publisher.data?.verified).then(
                (r) =>
                  setAdminMessage(`${r.verified ? 'Verified' : 'Unverified'}; ${r.listingsUpdated} listings updated.`),
                (e: unknown) => setAdminMessage(errorText(e)),
              )
            }
          >
            {publisher.data.verified ? 'Remove verification' : 'Mark as verified'} (marketplace admin)
          </button>{' '}
          {adminMessage}
        </p>
      )}
      {plugins.status === 'loading' && <Loading label="Loading plugins…" />}
      {plugins.status === 'error' && <ErrorState message={plugins.error} />}
      {plugins.status === 'unreachable' && <Unreachable what="The publisher's plugins" />}
      {plugins.status === 'ready' && plugins.data.length === 0 && <EmptyState title="No public plugins yet" />}
      {plugins.status === 'ready' && plugins.data.length > 0 && (
        <ul className="cards">
          {plugins.data.map((p) => (
            <li key={p.id} className="card">
              <Link to={`/plugins/${p.id}`} className="card-title">
                <div className="card-head">
                  {p.iconDataUrl && <img src={p.iconDataUrl} alt="" />}
                  <h2>{p.name}</h2>
                </div>
              </Link>
              <p>{p.summary}</p>
              <div className="meta">
                <Stars value={averageRating(p.rating)} count={p.rating?.count ?? 0} />
                <span>{p.installCount} installs</span>
                <PriceBadge pricing={p.pricing} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {/* The owners' CI tokens after what visitors come for, the publisher's plugins. */}
      {session?.publishers.some((p) => p.id === publisherId && p.role === 'owner') && (
        <ApiTokens key={publisherId} publisherId={publisherId} />
      )}
    </section>
  );
}
