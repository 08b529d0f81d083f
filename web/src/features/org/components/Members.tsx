import { memberLabel, paths, type OrgRole } from '@mlebotics/shared';
import { useState } from 'react';
import { Loading, OutcomeNote } from '../../../components/ui/States';
import { useAction } from '../../../hooks/use-action';
import { useDocument } from '../../../lib/firestore';
import { inviteMember, setMemberRole } from '../api/orgs';
import { PendingInvitations } from './PendingInvitations';

const NO_EMAIL = 'Member without a recorded email';

interface OrgDoc {
  name: string;
  members: Record<string, OrgRole>;
  memberEmails?: Record<string, string | null>;
  memberNames?: Record<string, string | null>;
}

/** The members and their roles; owners and admins change roles, remove members and invite. */
export function Members({ orgId, role }: { orgId: string; role: OrgRole }) {
  const org = useDocument<OrgDoc>(paths.org(orgId));
  const [email, setEmail] = useState('');
  const [newRole, setNewRole] = useState<OrgRole>('operator');
  const { run, outcome } = useAction();
  const manager = role === 'owner' || role === 'admin';
  if (!org.data) return <Loading label="Loading members…" />;
  return (
    <section className="panel">
      <h2>Members</h2>
      <table aria-label="Members">
        <tbody>
          {Object.entries(org.data.members).map(([uid, memberRole]) => (
            <tr key={uid}>
              <td>{memberLabel(org.data!, uid, NO_EMAIL)}</td>
              <td>
                {manager ? (
                  <select
                    aria-label={`Role of ${memberLabel(org.data!, uid, NO_EMAIL)}`}
                    value={memberRole}
                    onChange={(e) =>
                      void run(() => setMemberRole({ orgId, uid, role: e.target.value as OrgRole }), 'Role changed.')
                    }
                  >
                    <option value="owner">owner</option>
                    <option value="admin">admin</option>
                    <option value="operator">operator</option>
                  </select>
                ) : (
                  memberRole
                )}
              </td>
              <td>
                {manager && (
                  <button
                    type="button"
                    className="button small danger"
                    onClick={() => void run(() => setMemberRole({ orgId, uid, role: null }), 'Member removed.')}
                  >
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {manager && (
        <form
          aria-label="Invite a member"
          style={{ flexDirection: 'row', alignItems: 'flex-end', marginTop: '1rem' }}
          onSubmit={(e) => {
            e.preventDefault();
            void run(
              () => inviteMember({ orgId, email, role: newRole }),
              `Invitation sent to ${email} as ${newRole}. They join when they accept it, signed in with that email address (verified).`,
            ).then(() => setEmail(''));
          }}
        >
          <label>
            Email address
            <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label>
            Role
            <select value={newRole} onChange={(e) => setNewRole(e.target.value as OrgRole)}>
              <option value="operator">operator</option>
              <option value="admin">admin</option>
              {role === 'owner' && <option value="owner">owner</option>}
            </select>
          </label>
          <button type="submit" className="button">
            Invite
          </button>
        </form>
      )}
      {manager && <PendingInvitations orgId={orgId} />}
      <OutcomeNote outcome={outcome} />
    </section>
  );
}
