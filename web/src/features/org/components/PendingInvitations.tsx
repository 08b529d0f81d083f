import { useState } from 'react';
import { ErrorNote } from '../../../components/ui/States';
import { formatDate, useLiveQuery } from '../../../lib/firestore';
import { queries } from '../../../lib/queries';
import { withdrawInvitation } from '../api/orgs';
import { errorText } from '../../../lib/functions';

/** Invitations this organization sent that are still waiting for an answer. */
export function PendingInvitations({ orgId }: { orgId: string }) {
  const pending = useLiveQuery(queries.orgInvitations(orgId), `invitations|${orgId}`);
  const [message, setMessage] = useState<string>();
  if (pending.status !== 'ready' || pending.data.length === 0) return null;
  return (
    <>
      <h3>Invitations waiting for an answer</h3>
      <ul aria-label="Pending invitations">
        {pending.data.map((invitation) => (
          <li key={invitation.id}>
            {invitation.email} as {invitation.role} · until {formatDate(invitation.expiresAt)}{' '}
            <button
              type="button"
              className="button small ghost"
              onClick={() => void withdrawInvitation(invitation.id).catch((e: unknown) => setMessage(errorText(e)))}
            >
              Withdraw
            </button>
          </li>
        ))}
      </ul>
      <ErrorNote message={message} />
    </>
  );
}
