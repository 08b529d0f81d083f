import type { InstallRequestDoc, Permission } from '@mlebotics/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { ErrorNote } from '../../../components/ui/States';
import { formatDate, millis, useLiveQuery } from '../../../lib/firestore';
import { queries } from '../../../lib/queries';
import { declineRequest, fetchManifest, installPlugin } from '../api/installs';
import { ConsentDialog } from './ConsentDialog';
import { errorText } from '../../../lib/functions';

type Request = InstallRequestDoc & { id: string };

/**
 * The organization's pending install requests, for its owners and admins: review and install
 * (the consent dialog, with the latest version's permissions) or decline with a reason.
 */
export function InstallRequests({ orgId, orgName }: { orgId: string; orgName: string }) {
  const pending = useLiveQuery(queries.pendingInstallRequests(orgId), `requests|${orgId}`);
  const [consent, setConsent] = useState<{ request: Request; version: string; permissions: Permission[] }>();
  const [declining, setDeclining] = useState<Request>();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  if (pending.status !== 'ready' || pending.data.length === 0) return null;
  const rows = [...pending.data].sort((a, b) => (millis(a.requestedAt) ?? 0) - (millis(b.requestedAt) ?? 0));
  const review = async (request: Request) => {
    setError(undefined);
    try {
      const { manifest } = await fetchManifest(request.pluginId, request.version);
      setConsent({ request, version: request.version, permissions: manifest.permissions });
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <section className="panel" aria-labelledby="install-requests-title" data-testid="install-requests">
      <h2 id="install-requests-title">Install requests ({rows.length})</h2>
      <ul className="request-list">
        {rows.map((r) => (
          <li key={r.id} data-testid={`install-request-${r.pluginId}`}>
            <div>
              <Link to={`/plugins/${r.pluginId}`}>
                <strong>{r.pluginName}</strong>
              </Link>{' '}
              <span className="muted">
                asked by {r.requestedBy.name} on {formatDate(r.requestedAt)}
              </span>
            </div>
            {r.note && <blockquote>{r.note}</blockquote>}
            <div className="actions">
              <button type="button" className="button small primary" onClick={() => void review(r)}>
                Review and install
              </button>{' '}
              <button
                type="button"
                className="button small"
                onClick={() => {
                  setReason('');
                  setDeclining(r);
                }}
              >
                Decline
              </button>
            </div>
          </li>
        ))}
      </ul>
      <ErrorNote message={error} />
      {consent && (
        <ConsentDialog
          open
          action="Install"
          pluginName={consent.request.pluginName}
          version={consent.version}
          orgName={orgName}
          permissions={consent.permissions}
          onClose={() => setConsent(undefined)}
          onConfirm={async (permissions) => {
            await installPlugin({
              orgId,
              pluginId: consent.request.pluginId,
              version: consent.version,
              grantedPermissions: permissions,
            });
            setConsent(undefined);
          }}
        />
      )}
      <ConfirmDialog
        open={!!declining}
        title={`Decline ${declining?.pluginName ?? ''}?`}
        message={<p>{declining?.requestedBy.name} sees your reason on the plugin page.</p>}
        confirmLabel="Decline request"
        canConfirm={reason.trim().length >= 5}
        onCancel={() => setDeclining(undefined)}
        onConfirm={async () => {
          await declineRequest({ orgId, pluginId: declining!.pluginId, reason: reason.trim() });
          setDeclining(undefined);
        }}
      >
        <label>
          Why not? (5 to 300 characters)
          <input value={reason} minLength={5} maxLength={300} required onChange={(e) => setReason(e.target.value)} />
        </label>
      </ConfirmDialog>
    </section>
  );
}
