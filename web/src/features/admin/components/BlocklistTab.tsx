import { useState } from 'react';
import { EmptyState, ErrorState, Loading, OutcomeNote, Unreachable } from '../../../components/ui/States';
import { TableScroll } from '../../../components/ui/TableScroll';
import { useAction } from '../../../hooks/use-action';
import { formatDate, useLiveQuery } from '../../../lib/firestore';
import { queries } from '../../../lib/queries';
import { block } from '../api/trust';
import { ReasonDialog } from './ReasonDialog';

const SHA256 = /^[0-9a-f]{64}$/;
type Pending = { sha256: string; scope: 'package' | 'file'; blocked: boolean };

/** Digests of packages and files refused at upload; add and remove with a reason. */
export function BlocklistTab() {
  const entries = useLiveQuery(queries.blocklist(), 'blocklist');
  const [sha256, setSha256] = useState('');
  const [scope, setScope] = useState<'package' | 'file'>('file');
  const [pending, setPending] = useState<Pending>();
  const { outcome, setOutcome } = useAction();
  const digest = sha256.trim().toLowerCase();
  const valid = SHA256.test(digest);
  return (
    <div className="admin-tab">
      <h2>Blocklist</h2>
      <p className="muted">
        An upload whose package, or any file in it, has a blocked SHA-256 is rejected. Published versions are not
        touched: revoke them on the Plugins tab.
      </p>
      <form
        aria-label="Block a digest"
        className="blocklist-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) setPending({ sha256: digest, scope, blocked: true });
        }}
      >
        <label>
          SHA-256
          <input
            value={sha256}
            onChange={(e) => setSha256(e.target.value)}
            placeholder="64 hexadecimal characters"
            aria-invalid={sha256 !== '' && !valid}
            spellCheck={false}
          />
        </label>
        <label>
          Of
          <select value={scope} onChange={(e) => setScope(e.target.value as 'package' | 'file')}>
            <option value="file">a file inside packages</option>
            <option value="package">a whole package (.tgz)</option>
          </select>
        </label>
        <button type="submit" className="button" disabled={!valid}>
          Block…
        </button>
        {sha256 !== '' && !valid && <p className="field-error">A SHA-256 digest is 64 hexadecimal characters.</p>}
      </form>
      <OutcomeNote outcome={outcome} />
      {entries.status === 'loading' && <Loading label="Loading the blocklist…" />}
      {entries.status === 'unreachable' && <Unreachable what="The blocklist" />}
      {entries.status === 'error' && <ErrorState title="The blocklist could not be loaded" message={entries.error} />}
      {entries.status === 'ready' && entries.data.length === 0 && <EmptyState title="Nothing is blocked" />}
      {entries.status === 'ready' && entries.data.length > 0 && (
        <TableScroll label="Blocked digests">
          <table aria-label="Blocked digests">
            <thead>
              <tr>
                <th scope="col">SHA-256</th>
                <th scope="col">Of</th>
                <th scope="col">Why</th>
                <th scope="col">By, when</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.data.map((e) => (
                <tr key={e.id} data-testid={`blocked-${e.sha256}`}>
                  <td>
                    <code className="digest">{e.sha256}</code>
                  </td>
                  <td>{e.scope}</td>
                  <td>{e.reason}</td>
                  <td>
                    {e.by}
                    <br />
                    <span className="muted">{formatDate(e.at)}</span>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button small"
                      onClick={() => setPending({ sha256: e.sha256, scope: e.scope, blocked: false })}
                    >
                      Unblock
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <ReasonDialog
        open={pending !== undefined}
        title={pending?.blocked ? 'Block this digest?' : 'Unblock this digest?'}
        message={
          pending?.blocked
            ? `Uploads containing ${pending.scope === 'file' ? 'a file' : 'a package'} with this SHA-256 are rejected from now on.`
            : 'Uploads with it are accepted again (the scan still runs).'
        }
        confirmLabel={pending?.blocked ? 'Block' : 'Unblock'}
        danger={pending?.blocked ?? false}
        onCancel={() => setPending(undefined)}
        onConfirm={async (reason) => {
          if (!pending) return;
          await block({ ...pending, reason });
          setPending(undefined);
          if (pending.blocked) setSha256('');
          setOutcome({
            ok: true,
            text: `${pending.sha256.slice(0, 12)}… ${pending.blocked ? 'blocked' : 'unblocked'}.`,
          });
        }}
      />
    </div>
  );
}
