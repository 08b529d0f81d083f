import { memberLabel, paths } from '@mlebotics/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { VerifiedBadge } from '../../../components/ui/Badges';
import { ErrorState, Loading, OutcomeNote, Unreachable } from '../../../components/ui/States';
import { useAction } from '../../../hooks/use-action';
import { useDocument, useLiveQuery } from '../../../lib/firestore';
import { queries } from '../../../lib/queries';
import { Earnings } from '../../revenue';
import { invitePublisherMember } from '../api/publish';
import { PluginManager } from './PluginManager';
import { ScanReports } from './ScanReports';

/** One of the caller's publishers: members, earnings and plugins. */
export function PublisherSection({
  publisherId,
  displayName,
  role,
  verified,
}: {
  publisherId: string;
  displayName: string;
  role: string;
  verified: boolean;
}) {
  const plugins = useLiveQuery(queries.ownPlugins(publisherId), publisherId);
  const publisher = useDocument('publisher', paths.publisher(publisherId));
  const [email, setEmail] = useState('');
  const [earningsOpen, setEarningsOpen] = useState(false);
  const { run, outcome } = useAction();
  return (
    <section className="panel">
      <h2>
        {displayName} <code>{publisherId}</code> {verified && <VerifiedBadge />}
      </h2>
      <p className="muted">
        Your role: {role} · <Link to={`/publishers/${publisherId}`}>public page</Link> ·{' '}
        <Link to="/publish">publish a version</Link>
      </p>
      <details>
        <summary>Members</summary>
        <ul>
          {Object.entries(publisher.data?.members ?? {}).map(([uid, memberRole]) => (
            <li key={uid}>
              {memberLabel(publisher.data ?? {}, uid, 'Member')} ({memberRole})
            </li>
          ))}
        </ul>
        {role === 'owner' && (
          <form
            aria-label={`Add a member to ${publisherId}`}
            style={{ flexDirection: 'row', alignItems: 'flex-end' }}
            onSubmit={(e) => {
              e.preventDefault();
              void run(
                () => invitePublisherMember({ publisherId, email, role: 'member' }),
                `Invitation sent to ${email}. They join when they accept it, signed in with that email address (verified).`,
              );
            }}
          >
            <label>
              Email
              <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
            </label>
            <button type="submit" className="button">
              Invite
            </button>
          </form>
        )}
        <OutcomeNote outcome={outcome} />
      </details>
      {/* Loaded when opened (and again at each opening), not with the page. */}
      <details onToggle={(e) => setEarningsOpen(e.currentTarget.open)}>
        <summary>Earnings</summary>
        {earningsOpen && <Earnings publisherId={publisherId} />}
      </details>
      <ScanReports publisherId={publisherId} />
      {plugins.status === 'loading' && <Loading label="Loading plugins…" />}
      {plugins.status === 'error' && <ErrorState message={plugins.error} />}
      {plugins.status === 'unreachable' && <Unreachable what="Your plugins" />}
      {plugins.status === 'ready' && plugins.data.length === 0 && <p>No plugins yet.</p>}
      {plugins.status === 'ready' && (
        <ul style={{ listStyle: 'none', padding: 0 }}>
          {plugins.data.map((p) => (
            <PluginManager key={p.id} listing={p} />
          ))}
        </ul>
      )}
    </section>
  );
}
