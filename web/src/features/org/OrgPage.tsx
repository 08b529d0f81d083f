import {
  type addOrgMember,
  type createOrg,
  type getManifest,
  type listInstalled,
  paths,
  type setOrgMemberRole,
  type uninstall,
  type updateInstall,
  type InstalledPlugin,
  type InvitationDoc,
  type OrgRole,
  type revokeInvitation,
  type Permission,
} from '@mlebotics/shared';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { ConsentDialog } from '../../components/ui/ConsentDialog';
import { DiffSummary } from '../../components/ui/DiffSummary';
import { EmptyState, ErrorState, Loading } from '../../components/ui/States';
import { formatDate, useDocument, useLiveQuery } from '../../lib/firestore';
import { call } from '../../lib/functions';
import { queries } from '../../lib/queries';
import { InternalRegistry } from './InternalRegistry';
import { PolicySettings } from './PolicySettings';

function CreateOrgForm() {
  const { refresh, setCurrentOrgId } = useSession();
  const [name, setName] = useState('');
  const [orgId, setOrgId] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const suggested = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await call<typeof createOrg>('createOrg', { name, orgId: orgId || suggested });
      setCurrentOrgId(created.orgId);
      await refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} className="panel" aria-label="Create an organization">
      <h2>Create an organization</h2>
      <label>
        Name
        <input required minLength={2} maxLength={80} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Id (in URLs and the API)
        <input
          value={orgId}
          placeholder={suggested}
          onChange={(e) => setOrgId(e.target.value)}
          pattern="[a-z0-9](-?[a-z0-9]){2,39}"
        />
      </label>
      {error && (
        <p role="alert" className="alert-error">
          {error}
        </p>
      )}
      <button type="submit" className="button primary" disabled={busy}>
        Create
      </button>
    </form>
  );
}

interface OrgDoc {
  name: string;
  members: Record<string, OrgRole>;
  memberEmails?: Record<string, string | null>;
  memberNames?: Record<string, string | null>;
}

/** How a member is shown: their name and email, never a raw account id when either is known. */
function memberLabel(org: OrgDoc, uid: string): string {
  const name = org.memberNames?.[uid];
  const email = org.memberEmails?.[uid];
  if (name && email) return `${name} (${email})`;
  return name ?? email ?? 'Member without a recorded email';
}

/** Invitations this organization sent that are still waiting for an answer. */
function PendingInvitations({ orgId }: { orgId: string }) {
  const pending = useLiveQuery<InvitationDoc>(queries.orgInvitations(orgId), `invitations|${orgId}`);
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
              onClick={() =>
                void call<typeof revokeInvitation>('revokeInvitation', { invitationId: invitation.id }).catch(
                  (e: Error) => setMessage(e.message),
                )
              }
            >
              Withdraw
            </button>
          </li>
        ))}
      </ul>
      {message && (
        <p role="alert" className="alert-error">
          {message}
        </p>
      )}
    </>
  );
}

function Members({ orgId, role }: { orgId: string; role: OrgRole }) {
  const org = useDocument<OrgDoc>(paths.org(orgId));
  const [email, setEmail] = useState('');
  const [newRole, setNewRole] = useState<OrgRole>('operator');
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const manager = role === 'owner' || role === 'admin';
  const run = async (action: () => Promise<unknown>, ok: string) => {
    setMessage(undefined);
    try {
      await action();
      setMessage({ ok: true, text: ok });
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };
  if (!org.data) return <Loading label="Loading members…" />;
  return (
    <section className="panel">
      <h2>Members</h2>
      <table aria-label="Members">
        <tbody>
          {Object.entries(org.data.members).map(([uid, memberRole]) => (
            <tr key={uid}>
              <td>{memberLabel(org.data!, uid)}</td>
              <td>
                {manager ? (
                  <select
                    aria-label={`Role of ${memberLabel(org.data!, uid)}`}
                    value={memberRole}
                    onChange={(e) =>
                      void run(
                        () =>
                          call<typeof setOrgMemberRole>('setOrgMemberRole', {
                            orgId,
                            uid,
                            role: e.target.value as OrgRole,
                          }),
                        'Role changed.',
                      )
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
                    onClick={() =>
                      void run(
                        () => call<typeof setOrgMemberRole>('setOrgMemberRole', { orgId, uid, role: null }),
                        'Member removed.',
                      )
                    }
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
              () => call<typeof addOrgMember>('addOrgMember', { orgId, email, role: newRole }),
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
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'alert-ok' : 'alert-error'}>
          {message.text}
        </p>
      )}
    </section>
  );
}

function InstalledRow({
  orgId,
  orgName,
  item,
  canManage,
  onChanged,
}: {
  orgId: string;
  orgName: string;
  item: InstalledPlugin;
  canManage: boolean;
  onChanged: () => void;
}) {
  const [consent, setConsent] = useState<{ permissions: Permission[] } | undefined>();
  const [error, setError] = useState<string>();
  const [confirmingUninstall, setConfirmingUninstall] = useState(false);
  const [busy, setBusy] = useState(false);
  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const startUpdate = async () => {
    if (!item.latestVersion) return;
    if (!item.updateNeedsConsent)
      return act(() =>
        call<typeof updateInstall>('updateInstall', { orgId, pluginId: item.pluginId, toVersion: item.latestVersion! }),
      );
    // The new version asks for more: show its full permission set for fresh consent.
    const { manifest } = await call<typeof getManifest>('getManifest', {
      pluginId: item.pluginId,
      version: item.latestVersion,
    });
    setConsent({ permissions: manifest.permissions });
  };
  const added = [
    ...(item.updateDiff?.added.map((p) => p.name) ?? []),
    ...(item.updateDiff?.changed.filter((c) => c.added.length).map((c) => c.name) ?? []),
  ];
  return (
    <tr data-testid={`installed-${item.pluginId}`}>
      <td>
        <Link to={`/plugins/${item.pluginId}`}>{item.name}</Link>
        <div className="muted">
          <code>{item.pluginId}</code>
        </div>
      </td>
      <td>{item.version}</td>
      <td>
        {item.updateAvailable ? (
          <div data-testid="update-available">
            <strong>{item.latestVersion}</strong> available{item.updateNeedsConsent ? ' — needs new consent' : ''}
            <div>
              <DiffSummary diff={item.updateDiff} />
            </div>
          </div>
        ) : (
          <span className="muted">up to date</span>
        )}
      </td>
      <td>
        {canManage && item.updateAvailable && (
          <button type="button" className="button small primary" disabled={busy} onClick={() => void startUpdate()}>
            Update
          </button>
        )}{' '}
        {canManage && !confirmingUninstall && (
          <button
            type="button"
            className="button small danger"
            disabled={busy}
            onClick={() => setConfirmingUninstall(true)}
          >
            Uninstall
          </button>
        )}
        {canManage && confirmingUninstall && (
          <div role="group" aria-label={`Confirm uninstalling ${item.name}`} className="inline-confirm">
            <span>
              Uninstall {item.name} from {orgName}? Its runs stop and its permissions are withdrawn.
            </span>{' '}
            <button
              type="button"
              className="button small danger"
              disabled={busy}
              onClick={() =>
                void act(() => call<typeof uninstall>('uninstall', { orgId, pluginId: item.pluginId })).then(() =>
                  setConfirmingUninstall(false),
                )
              }
            >
              Confirm uninstall
            </button>{' '}
            <button type="button" className="button small ghost" onClick={() => setConfirmingUninstall(false)}>
              Cancel
            </button>
          </div>
        )}
        {error && (
          <p role="alert" className="alert-error">
            {error}
          </p>
        )}
        <ConsentDialog
          open={!!consent}
          action="Update"
          pluginName={item.name}
          version={item.latestVersion ?? ''}
          orgName={orgName}
          permissions={consent?.permissions ?? []}
          added={added}
          notice="This version asks for more than you granted before. Review every permission."
          onClose={() => setConsent(undefined)}
          onConfirm={async (permissions) => {
            await call<typeof updateInstall>('updateInstall', {
              orgId,
              pluginId: item.pluginId,
              toVersion: item.latestVersion!,
              grantedPermissions: permissions,
            });
            setConsent(undefined);
            onChanged();
          }}
        />
      </td>
    </tr>
  );
}

function Installed({ orgId, orgName, role }: { orgId: string; orgName: string; role: OrgRole }) {
  // The installs collection is watched live; each change reloads the enriched list (latest
  // versions, update permission diffs) from listInstalled.
  const live = useLiveQuery<{ version: string }>(queries.installs(orgId), orgId);
  const [state, setState] = useState<{ items?: InstalledPlugin[]; error?: string }>({});
  const [generation, setGeneration] = useState(0);
  const liveKey = live.status === 'ready' ? live.data.map((d) => `${d.id}@${d.version}`).join(',') : live.status;
  useEffect(() => {
    let current = true;
    call<typeof listInstalled>('listInstalled', { orgId }).then(
      ({ installs }) => current && setState({ items: installs }),
      (e: Error) => current && setState({ error: e.message }),
    );
    return () => {
      current = false;
    };
  }, [orgId, liveKey, generation]);
  const changed = useCallback(() => setGeneration((g) => g + 1), []);
  if (state.error) return <ErrorState message={state.error} />;
  if (!state.items) return <Loading label="Loading installed plugins…" />;
  if (state.items.length === 0) {
    return (
      <EmptyState title="No plugins installed yet">
        <p>
          <Link to="/">Discover plugins</Link> to install.
        </p>
      </EmptyState>
    );
  }
  return (
    <table aria-label="Installed plugins">
      <thead>
        <tr>
          <th>Plugin</th>
          <th>Version</th>
          <th>Updates</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {state.items.map((item) => (
          <InstalledRow
            key={item.pluginId}
            orgId={orgId}
            orgName={orgName}
            item={item}
            canManage={role === 'owner' || role === 'admin'}
            onChanged={changed}
          />
        ))}
      </tbody>
    </table>
  );
}

export function OrgPage() {
  const { session, currentOrgId, error } = useSession();
  if (error) return <ErrorState message={error} />;
  if (!session) return <Loading />;
  const org = session.orgs.find((o) => o.id === currentOrgId);
  if (!org) {
    return (
      <section>
        <h1>Your organization</h1>
        <p>You are not a member of any organization yet. Create one, or ask an owner to add you by your email.</p>
        <CreateOrgForm />
      </section>
    );
  }
  return (
    <section>
      <h1>{org.name}</h1>
      <p className="muted">
        Your role: {org.role} · <Link to="/org/capabilities">Available capabilities</Link>
      </p>
      <section className="panel">
        <h2>Installed plugins</h2>
        <Installed orgId={org.id} orgName={org.name} role={org.role} />
      </section>
      <Members orgId={org.id} role={org.role} />
      <InternalRegistry orgId={org.id} orgName={org.name} />
      <PolicySettings orgId={org.id} role={org.role} />
      <details className="panel">
        <summary>Create another organization</summary>
        <CreateOrgForm />
      </details>
    </section>
  );
}
