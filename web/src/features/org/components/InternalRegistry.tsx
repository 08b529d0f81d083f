import { Link } from 'react-router';
import { PriceBadge, VerifiedBadge } from '../../../components/ui/Badges';
import { ErrorState, Loading, Unreachable } from '../../../components/ui/States';
import { useLiveQuery } from '../../../lib/firestore';
import { queries } from '../../../lib/queries';

/** Plugins private to the organization: its internal registry, invisible to everyone else. */
export function InternalRegistry({ orgId, orgName }: { orgId: string; orgName: string }) {
  const plugins = useLiveQuery(queries.orgPrivatePlugins(orgId), orgId);
  return (
    <section className="panel" aria-label="Internal registry">
      <h2>Internal registry</h2>
      <p className="muted">
        Plugins published privately to {orgName}: nobody outside the organization can see, find or install them.
      </p>
      {plugins.status === 'loading' && <Loading label="Loading internal plugins…" />}
      {plugins.status === 'error' && <ErrorState message={plugins.error} />}
      {plugins.status === 'unreachable' && <Unreachable what="The internal registry" />}
      {plugins.status === 'ready' && plugins.data.length === 0 && <p>No internal plugins yet.</p>}
      {plugins.status === 'ready' && plugins.data.length > 0 && (
        <ul>
          {plugins.data.map((p) => (
            <li key={p.id} data-testid="internal-plugin">
              <Link to={`/plugins/${p.id}`}>{p.name}</Link> {p.latestVersion} · {p.publisherName}
              {p.publisherVerified && <VerifiedBadge />} <PriceBadge pricing={p.pricing} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
