import { PERMISSIONS, isPermissionName, scopeOf, type Permission } from '@mlebotics/shared';
import { useRef, useState } from 'react';
import { WaitNotice } from '../../../components/ui/WaitNotice';
import { PermissionRisk } from '../../../components/ui/Badges';
import { Dialog } from '../../../components/ui/Dialog';
import { ErrorNote } from '../../../components/ui/States';
import { errorText } from '../../../lib/functions';

/**
 * Shows exactly the permissions a plugin version declares — each with its risk and the author's
 * reason — and the organization it goes into, and asks for consent. The confirmed set is the
 * declared set, unchanged: consent is all or nothing.
 */
export function ConsentDialog(props: {
  open: boolean;
  pluginName: string;
  version: string;
  orgName: string;
  permissions: Permission[];
  /** Permissions that are new compared with what was granted before (updates). */
  added?: string[];
  action: string;
  notice?: string;
  /** The organization's install policy, and why it refuses this version (if it does). */
  policy?: { summary: string; violation?: string };
  onConfirm: (permissions: Permission[]) => Promise<void>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  // A second click before the first re-renders the button disabled must not act twice.
  const acting = useRef(false);
  const [error, setError] = useState<string>();
  const confirm = async () => {
    if (acting.current) return;
    acting.current = true;
    setBusy(true);
    setError(undefined);
    try {
      await props.onConfirm(props.permissions);
    } catch (e) {
      setError(errorText(e));
    } finally {
      acting.current = false;
      setBusy(false);
    }
  };
  return (
    <Dialog open={props.open} title={`${props.action} ${props.pluginName} ${props.version}`} onClose={props.onClose}>
      <p>
        Into organization <strong data-testid="consent-org">{props.orgName}</strong>.
      </p>
      {props.notice && <p className="alert-warn">{props.notice}</p>}
      {props.policy && (
        <p data-testid="consent-policy" className={props.policy.violation ? 'alert-error' : 'muted'}>
          {props.policy.summary}
          {props.policy.violation && (
            <>
              {' '}
              <strong>{props.policy.violation}</strong>
            </>
          )}
        </p>
      )}
      {props.permissions.length === 0 ? (
        <p>This plugin asks for no permissions: it can only compute.</p>
      ) : (
        <>
          <p>It will be able to:</p>
          <ul className="permission-list" aria-label="Requested permissions">
            {props.permissions.map((p) => (
              <li key={p.name} data-testid="consent-permission">
                <div>
                  <strong>{isPermissionName(p.name) ? PERMISSIONS[p.name].title : p.name}</strong> <code>{p.name}</code>{' '}
                  <PermissionRisk name={p.name} />
                  {props.added?.includes(p.name) && <span className="badge risk-medium">new</span>}
                </div>
                <div className="muted">{isPermissionName(p.name) ? PERMISSIONS[p.name].description : ''}</div>
                {scopeOf(p).length > 0 && <div>Scope: {scopeOf(p).join(', ')}</div>}
                <div>
                  <em>Why: {p.reason}</em>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      <ErrorNote message={error} />
      {/* A modal dialog covers the page's notices: a rate-limit wait is said here too. */}
      {busy && <WaitNotice />}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={props.onClose} disabled={busy}>
          Cancel
        </button>
        <button
          type="button"
          className="button primary"
          onClick={() => void confirm()}
          disabled={busy || !!props.policy?.violation}
        >
          {props.permissions.length ? `Allow and ${props.action.toLowerCase()}` : props.action}
        </button>
      </div>
    </Dialog>
  );
}
