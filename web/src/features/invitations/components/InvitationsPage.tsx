import { sendEmailVerification } from 'firebase/auth';
import { useAuth } from '../../../app/AuthProvider';
import { useSession } from '../../../app/session';
import { EmptyState, ErrorState, Loading, OutcomeNote } from '../../../components/ui/States';
import { useAction } from '../../../hooks/use-action';
import { formatDate, useLiveQuery } from '../../../lib/firestore';
import { queries } from '../../../lib/queries';
import { respondTo } from '../api/invitations';
import { useTitle } from '../../../hooks/use-title';

const WHAT = { org: 'the organization', publisher: 'the publisher' } as const;

/**
 * Invitations to the signed-in account's email address. Accepting needs that address verified:
 * membership (and any consent given later) then names a verified identity.
 */
export function InvitationsPage() {
  useTitle('Invitations');
  const { user } = useAuth();
  const { refresh } = useSession();
  const email = user?.email ?? '';
  const invitations = useLiveQuery(email ? queries.myInvitations(email) : null, `mine|${email}`);
  const { run, busy, outcome } = useAction();

  const answer = (invitationId: string, accept: boolean) =>
    run(
      async () => {
        // A token minted before the address was verified does not say so yet.
        await user?.getIdToken(true);
        const result = await respondTo(invitationId, accept);
        await refresh();
        return result;
      },
      (result) =>
        accept ? `You joined ${WHAT[result.kind]} ${result.targetId} as ${result.role}.` : 'Invitation declined.',
    );

  const verify = () =>
    run(
      () => sendEmailVerification(user!),
      `A verification email is on its way to ${email}. Open its link, then come back here.`,
    );

  return (
    <section className="panel" aria-labelledby="invitations-title">
      <h1 id="invitations-title">Invitations</h1>
      {!user?.emailVerified && email && (
        <div className="alert-warn">
          <p>
            Your email address {email} is not verified yet. Invitations can be accepted only with a verified address.
          </p>
          <button type="button" className="button small" onClick={() => void verify()}>
            Send verification email
          </button>
        </div>
      )}
      {invitations.status === 'loading' && <Loading label="Loading invitations…" />}
      {invitations.status === 'error' && <ErrorState message={invitations.error} />}
      {invitations.status === 'ready' && invitations.data.length === 0 && (
        <EmptyState title="No invitations">
          <p className="muted">Nobody has invited {email || 'you'} to an organization or publisher.</p>
        </EmptyState>
      )}
      {invitations.status === 'ready' && invitations.data.length > 0 && (
        <ul className="invitations" aria-label="Your invitations">
          {invitations.data.map((invitation) => (
            <li key={invitation.id} className="panel">
              <p>
                <strong>{invitation.invitedBy.name}</strong> invites you to join {WHAT[invitation.kind]}{' '}
                <strong>{invitation.targetName}</strong> as <strong>{invitation.role}</strong>.
              </p>
              <p className="muted">Open until {formatDate(invitation.expiresAt)}.</p>
              <div className="dialog-actions">
                <button
                  type="button"
                  className="button ghost"
                  disabled={busy}
                  onClick={() => void answer(invitation.id, false)}
                >
                  Decline
                </button>
                <button
                  type="button"
                  className="button primary"
                  disabled={busy}
                  onClick={() => void answer(invitation.id, true)}
                >
                  Accept
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <OutcomeNote outcome={outcome} />
    </section>
  );
}
