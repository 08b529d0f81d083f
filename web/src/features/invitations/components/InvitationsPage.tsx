import { sendEmailVerification, type User } from 'firebase/auth';
import { useEffect, useState } from 'react';
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
  // Invitations are readable with a verified address only (anyone may sign up unverified with
  // someone else's); undefined while the token is checked.
  const [verified, setVerified] = useState<boolean>();
  useEffect(() => {
    if (!user) return;
    let live = true;
    hasVerifiedToken(user)
      .catch(() => user.emailVerified)
      .then((ok) => live && setVerified(ok));
    return () => {
      live = false;
    };
  }, [user]);
  const invitations = useLiveQuery(
    email && verified ? queries.myInvitations(email) : null,
    `mine|${email}|${verified ? 'verified' : 'waiting'}`,
  );
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
      {verified === false && email && (
        <div className="alert-warn">
          <p>
            Your email address {email} is not verified yet. Invitations to it show here, and can be accepted, once it is
            verified.
          </p>
          <button type="button" className="button small" onClick={() => void verify()}>
            Send verification email
          </button>
        </div>
      )}
      {verified !== false && invitations.status === 'loading' && <Loading label="Loading invitations…" />}
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

/**
 * Whether the account's ID token says its address is verified, as the rules read it. A token
 * minted before the address was verified (in another tab, by the email's link) does not say so
 * yet: the account is reloaded and, if verified meanwhile, the token refreshed.
 */
async function hasVerifiedToken(user: User): Promise<boolean> {
  if ((await user.getIdTokenResult()).claims.email_verified === true) return true;
  await user.reload();
  if (!user.emailVerified) return false;
  return (await user.getIdTokenResult(true)).claims.email_verified === true;
}
