import { memberLabel, paths, type OrgRole } from '@mlebotics/shared';
import { useState } from 'react';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { Loading, OutcomeNote } from '../../../components/ui/States';
import { TableScroll } from '../../../components/ui/TableScroll';
import { useAction } from '../../../hooks/use-action';
import { useDocument } from '../../../lib/firestore';
import { inviteMember, setMemberRole } from '../api/orgs';
import { PendingInvitations } from './PendingInvitations';

const NO_EMAIL = 'Member without a recorded email';

/** The members and their roles; owners and admins change roles, remove members and invite. */
export function Members({ orgId, role }: { orgId: string; role: OrgRole }) {
  const org = useDocument('org', paths.org(orgId));
  const [email, setEmail] = useState('');
  const [newRole, setNewRole] = useState<OrgRole>('operator');
  const [removing, setRemoving] = useState<{ uid: string; label: string }>();
  const { run, outcome } = useAction();
  const manager = role === 'owner' || role === 'admin';
  if (!org.data) return <Loading label="Loading members…" />;
  return (
    <section className="panel">
      <h2>Members</h2>
      <TableScroll label="Members">
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
                      onClick={() => setRemoving({ uid, label: memberLabel(org.data!, uid, NO_EMAIL) })}
                    >
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <ConfirmDialog
        open={!!removing}
        title={`Remove ${removing?.label ?? ''}?`}
        message={
          <p>
            {removing?.label} loses access to {org.data.name} at once: its plugins, runs and settings. Invite them again
            to give it back.
          </p>
        }
        confirmLabel="Remove member"
        danger
        onCancel={() => setRemoving(undefined)}
        onConfirm={async () => {
          const target = removing!;
          if (await run(() => setMemberRole({ orgId, uid: target.uid, role: null }), `${target.label} removed.`)) {
            setRemoving(undefined);
          }
        }}
      />
      {manager && (
        <form
          aria-label="Invite a member"
          className="inline-form"
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
