import { useDeferredValue, useState } from 'react';
import { Link } from 'react-router';
import { VerifiedBadge } from '../../../components/ui/Badges';
import { EmptyState, ErrorState, Loading, OutcomeNote, Unreachable } from '../../../components/ui/States';
import { TableScroll } from '../../../components/ui/TableScroll';
import { useAction } from '../../../hooks/use-action';
import { formatDate, useLiveQuery } from '../../../lib/firestore';
import { publishersQuery, setSuspended, setVerified } from '../api/admin';
import { ReasonDialog } from './ReasonDialog';

const PAGE = 50;
/** A search reads this many publishers (by name) and filters them here. */
const SEARCH_SPAN = 1000;

type Pending = { publisherId: string; name: string; kind: 'suspend' | 'unsuspend' | 'verify' | 'unverify' };

const DIALOG: Record<Pending['kind'], { title: string; label: string; danger: boolean; required: boolean }> = {
  suspend: { title: 'Suspend this publisher?', label: 'Suspend publisher', danger: true, required: true },
  unsuspend: { title: 'Lift the suspension?', label: 'Lift suspension', danger: false, required: true },
  verify: { title: 'Verify this publisher?', label: 'Verify', danger: false, required: false },
  unverify: { title: 'Remove the verification?', label: 'Remove verification', danger: true, required: false },
};

function dialogMessage({ kind, name }: Pending): string {
  switch (kind) {
    case 'suspend':
      return `${name} can no longer upload (uploads in flight are refused too) and its plugins leave the catalogue. Installed copies keep running.`;
    case 'unsuspend':
      return `${name} can upload again and its plugins return to the catalogue.`;
    case 'verify':
      return `${name} gets the verified badge on its page and every listing.`;
    case 'unverify':
      return `${name} loses the verified badge on its page and every listing.`;
  }
}

/** Every publisher, searchable by id or name, with verify and suspend. */
export function PublishersTab() {
  const [pages, setPages] = useState(1);
  const [search, setSearch] = useState('');
  const needle = useDeferredValue(search.trim().toLowerCase());
  const max = needle ? SEARCH_SPAN : PAGE * pages;
  const rows = useLiveQuery(publishersQuery(max), String(max));
  const [pending, setPending] = useState<Pending>();
  const { outcome, setOutcome } = useAction();
  const shown =
    rows.status === 'ready'
      ? rows.data.filter((p) => !needle || p.id.includes(needle) || p.displayName.toLowerCase().includes(needle))
      : [];
  return (
    <div className="admin-tab">
      <h2>Publishers</h2>
      <label className="admin-search">
        <span>Search by id or name</span>
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="botworks" />
      </label>
      <OutcomeNote outcome={outcome} />
      {rows.status === 'loading' && <Loading label="Loading publishers…" />}
      {rows.status === 'unreachable' && <Unreachable what="The publishers" />}
      {rows.status === 'error' && <ErrorState title="The publishers could not be loaded" message={rows.error} />}
      {rows.status === 'ready' && shown.length === 0 && (
        <EmptyState title={needle ? 'No publisher matches' : 'No publishers yet'}>
          {needle && <p>No publisher id or name contains “{search.trim()}”.</p>}
        </EmptyState>
      )}
      {shown.length > 0 && (
        <TableScroll label="Publishers">
          <table aria-label="Publishers">
            <thead>
              <tr>
                <th scope="col">Publisher</th>
                <th scope="col">Status</th>
                <th scope="col">Members</th>
                <th scope="col">Created</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((p) => (
                <tr key={p.id} data-testid={`publisher-${p.id}`}>
                  <td>
                    <Link to={`/publishers/${p.id}`}>{p.displayName}</Link>
                    <br />
                    <code>{p.id}</code>
                  </td>
                  <td>
                    {p.verified && <VerifiedBadge />}{' '}
                    {p.suspended ? (
                      <span className="badge risk-high" title={p.suspension?.reason}>
                        Suspended
                      </span>
                    ) : (
                      <span className="badge risk-low">Active</span>
                    )}
                    {p.suspended && p.suspension && <p className="small muted">{p.suspension.reason}</p>}
                  </td>
                  <td>{Object.keys(p.members).length}</td>
                  <td>{formatDate(p.createdAt)}</td>
                  <td>
                    <div className="actions">
                      <button
                        type="button"
                        className="button small"
                        onClick={() =>
                          setPending({
                            publisherId: p.id,
                            name: p.displayName,
                            kind: p.verified ? 'unverify' : 'verify',
                          })
                        }
                      >
                        {p.verified ? 'Unverify' : 'Verify'}
                      </button>
                      <button
                        type="button"
                        className={`button small ${p.suspended ? '' : 'danger'}`}
                        onClick={() =>
                          setPending({
                            publisherId: p.id,
                            name: p.displayName,
                            kind: p.suspended ? 'unsuspend' : 'suspend',
                          })
                        }
                      >
                        {p.suspended ? 'Unsuspend' : 'Suspend'}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {rows.status === 'ready' && !needle && rows.data.length === max && (
        <button type="button" className="button" onClick={() => setPages((n) => n + 1)}>
          Show more publishers
        </button>
      )}
      {rows.status === 'ready' && needle && rows.data.length === max && (
        <p className="muted">
          The search covers the first {SEARCH_SPAN} publishers by name; type more of the id or name.
        </p>
      )}
      <ReasonDialog
        open={pending !== undefined}
        title={pending ? DIALOG[pending.kind].title : ''}
        message={pending ? dialogMessage(pending) : ''}
        confirmLabel={pending ? DIALOG[pending.kind].label : ''}
        danger={pending ? DIALOG[pending.kind].danger : false}
        required={pending ? DIALOG[pending.kind].required : true}
        onCancel={() => setPending(undefined)}
        onConfirm={async (reason) => {
          if (!pending) return;
          const { publisherId, kind } = pending;
          const result =
            kind === 'suspend' || kind === 'unsuspend'
              ? await setSuspended(publisherId, kind === 'suspend', reason)
              : await setVerified(publisherId, kind === 'verify', reason);
          setPending(undefined);
          const done = { suspend: 'suspended', unsuspend: 'reinstated', verify: 'verified', unverify: 'unverified' };
          setOutcome({
            ok: true,
            text: `${publisherId} ${done[kind]}; ${result.listingsUpdated} listing${result.listingsUpdated === 1 ? '' : 's'} updated.`,
          });
        }}
      />
    </div>
  );
}
