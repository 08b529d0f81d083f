import type { SigningKeySummary } from '@mlebotics/shared';
import { useState } from 'react';
import { EmptyState, OutcomeNote } from '../../../components/ui/States';
import { TableScroll } from '../../../components/ui/TableScroll';
import { useAction } from '../../../hooks/use-action';
import { loadSigningKeys, revokeKey, rotateKey } from '../api/admin';
import { useCallData } from '../../../hooks/use-call-data';
import { CallStates } from '../../../components/ui/CallStates';
import { ReasonDialog } from './ReasonDialog';

const STATE_BADGE = { active: 'risk-low', retired: 'risk-medium', revoked: 'risk-high' } as const;

const date = (iso: string | null) =>
  iso ? new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }) : '—';

/** The signing keys with their state and how many versions each signed; rotate and revoke. */
export function KeysTab() {
  const { state, reload } = useCallData(loadSigningKeys);
  const [rotating, setRotating] = useState(false);
  const [revoking, setRevoking] = useState<SigningKeySummary>();
  const { outcome, setOutcome } = useAction();
  return (
    <div className="admin-tab">
      <div className="admin-tab-head">
        <h2>Signing keys</h2>
        <button type="button" className="button" onClick={() => setRotating(true)}>
          Rotate signing key
        </button>
      </div>
      <p className="muted">
        Every published version is signed by the active key. Rotating makes a new key sign later publishes; the old key
        is retired and its signatures keep verifying. Revoking a key makes every signature it made fail verification.
      </p>
      <OutcomeNote outcome={outcome} />
      <CallStates state={state} what="The signing keys" />
      {state.status === 'ready' && state.data.keys.length === 0 && (
        <EmptyState title="No signing key yet">
          <p>The first publish publishes the configured key.</p>
        </EmptyState>
      )}
      {state.status === 'ready' && state.data.keys.length > 0 && (
        <TableScroll label="Signing keys">
          <table aria-label="Signing keys">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">State</th>
                <th scope="col">Created</th>
                <th scope="col">Retired</th>
                <th scope="col">Revoked</th>
                <th scope="col">Versions signed</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {state.data.keys.map((key) => (
                <tr key={key.keyId} data-testid={`key-${key.keyId}`}>
                  <td>
                    <code>{key.keyId}</code>
                    <br />
                    <span className="small muted">{key.source === 'kms' ? 'Cloud KMS' : 'Local (emulator)'}</span>
                  </td>
                  <td>
                    <span className={`badge ${STATE_BADGE[key.status]}`}>{key.status}</span>
                    {key.revocationReason && <p className="small muted">{key.revocationReason}</p>}
                  </td>
                  <td>{date(key.createdAt)}</td>
                  <td>{date(key.retiredAt)}</td>
                  <td>{date(key.revokedAt)}</td>
                  <td data-testid="versions-signed">{key.versionsSigned}</td>
                  <td>
                    {key.status !== 'revoked' && (
                      <button type="button" className="button small danger" onClick={() => setRevoking(key)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <ReasonDialog
        open={rotating}
        title="Rotate the signing key?"
        message="A new key signs every later publish. The active key is retired: the versions it signed keep verifying."
        confirmLabel="Rotate key"
        onCancel={() => setRotating(false)}
        onConfirm={async (reason) => {
          const result = await rotateKey(reason);
          setRotating(false);
          reload();
          setOutcome({ ok: true, text: `New signing key ${result.keyId} is active.` });
        }}
      />
      <ReasonDialog
        open={revoking !== undefined}
        title="Revoke this signing key?"
        message={`Every signature made with ${revoking?.keyId ?? ''} (${revoking?.versionsSigned ?? 0} versions) stops verifying everywhere: installs and updates of those versions are refused. This cannot be undone.`}
        confirmLabel="Revoke key"
        danger
        onCancel={() => setRevoking(undefined)}
        onConfirm={async (reason) => {
          if (!revoking) return;
          await revokeKey(revoking.keyId, reason);
          setRevoking(undefined);
          reload();
          setOutcome({ ok: true, text: `Signing key ${revoking.keyId} revoked.` });
        }}
      />
    </div>
  );
}
