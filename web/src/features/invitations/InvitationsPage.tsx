import type { InvitationDoc, respondToInvitation } from '@mlebotics/shared';
import { sendEmailVerification } from 'firebase/auth';
import { useState } from 'react';
import { useAuth } from '../../app/AuthProvider';
import { useSession } from '../../app/session';
import { EmptyState, ErrorState, Loading } from '../../components/ui/States';
import { formatDate, useLiveQuery } from '../../lib/firestore';
import { call } from '../../lib/functions';
import { queries } from '../../lib/queries';

const WHAT = { org: 'the organization', publisher: 'the publisher' } as const;

/**
 * Invitations to the signed-in account's email address. Accepting needs that address verified:
 * membership (and any consent given later) then names a verified identity.
 */
export function InvitationsPage() {
  const { user } = useAuth();
  const { refresh } = useSession();
  const email = user?.email ?? '';
  const invitations = useLiveQuery<InvitationDoc>(email ? queries.myInvitations(email) : null, `mine|${email}`);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);

  async function answer(invitationId: string, accept: boolean) {
    setBusy(true);
    setMessage(undefined);
    try {
      // A token minted before the address was verified does not say so yet.
      await user?.getIdToken(true);
      const result = await call<typeof respondToInvitation>('respondToInvitation', { invitationId, accept });
      setMessage({
        ok: true,
        text: accept ? `You joined ${WHAT[result.kind]} ${result.targetId} as ${result.role}.` : 'Invitation declined.',
      });
      await refresh();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  async function verify() {
    if (!user) return;
    setMessage(undefined);
    try {
      await sendEmailVerification(user);
      setMessage({
        ok: true,
        text: `A verification email is on its way to ${email}. Open its link, then come back here.`,
      });
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  }

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
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'alert-ok' : 'alert-error'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
