import { useState } from 'react';
import { EmptyState, ErrorState, Loading, Unreachable } from '../../../components/ui/States';
import { TableScroll } from '../../../components/ui/TableScroll';
import { millis, useLiveQuery } from '../../../lib/firestore';
import { auditQuery } from '../api/admin';

const PAGE = 50;

const when = (t: unknown) => {
  const ms = millis(t);
  return ms === undefined ? '—' : new Date(ms).toLocaleString();
};

/** The administrators' append-only audit log, newest first: who did what to what, why and when. */
export function AuditTab() {
  const [pages, setPages] = useState(1);
  const max = PAGE * pages;
  const entries = useLiveQuery(auditQuery(max), String(max));
  return (
    <div className="admin-tab">
      <h2>Audit log</h2>
      <p className="muted">Every administrator action, written with the action itself. Nobody can edit or delete it.</p>
      {entries.status === 'loading' && <Loading label="Loading the audit log…" />}
      {entries.status === 'unreachable' && <Unreachable what="The audit log" />}
      {entries.status === 'error' && <ErrorState title="The audit log could not be loaded" message={entries.error} />}
      {entries.status === 'ready' && entries.data.length === 0 && <EmptyState title="No administrator action yet" />}
      {entries.status === 'ready' && entries.data.length > 0 && (
        <TableScroll label="Audit log">
          <table aria-label="Audit log">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {entries.data.map((entry) => (
                <tr key={entry.id} data-testid="audit-entry">
                  <td>{when(entry.at)}</td>
                  <td>{entry.actorEmail ?? <code>{entry.actorUid}</code>}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>
                    <span className="small muted">{entry.targetKind}</span> <code>{entry.targetId}</code>
                  </td>
                  <td>{entry.reason ?? <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {entries.status === 'ready' && entries.data.length === max && (
        <button type="button" className="button" onClick={() => setPages((n) => n + 1)}>
          Show older entries
        </button>
      )}
    </div>
  );
}
