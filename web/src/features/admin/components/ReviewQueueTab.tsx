import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ScanFindings } from '../../../components/ui/ScanFindings';
import { EmptyState, ErrorState, Loading, OutcomeNote, Unreachable } from '../../../components/ui/States';
import { useAction } from '../../../hooks/use-action';
import { millis, useLiveQuery } from '../../../lib/firestore';
import { queries } from '../../../lib/queries';
import { decide } from '../api/trust';
import { ReasonDialog } from './ReasonDialog';

type Pending = { pluginId: string; version: string; name: string; decision: 'approve' | 'reject' };

/** "3 h 20 min", "45 min", "under a minute". */
export function waited(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [days && `${days} d`, hours && `${hours} h`, !days && rest && `${rest} min`].filter(Boolean).join(' ');
}

/** Quarantined versions, longest waiting first, with the scan's findings and excerpts. */
export function ReviewQueueTab() {
  const queue = useLiveQuery(queries.reviewQueue(), 'review-queue');
  const [pending, setPending] = useState<Pending>();
  const { outcome, setOutcome } = useAction();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <div className="admin-tab">
      <h2>Review queue</h2>
      <p className="muted">
        Versions the upload scan quarantined: signed, not listed. Approve to list at once; reject with the reason the
        publisher sees.
      </p>
      <OutcomeNote outcome={outcome} />
      {queue.status === 'loading' && <Loading label="Loading the review queue…" />}
      {queue.status === 'unreachable' && <Unreachable what="The review queue" />}
      {queue.status === 'error' && <ErrorState title="The review queue could not be loaded" message={queue.error} />}
      {queue.status === 'ready' && queue.data.length === 0 && (
        <EmptyState title="Nothing to review">
          <p>Every uploaded version passed its scan or was decided.</p>
        </EmptyState>
      )}
      {queue.status === 'ready' && queue.data.length > 0 && (
        <ul className="review-queue" style={{ listStyle: 'none', padding: 0 }}>
          {queue.data.map((r) => {
            const queued = millis(r.queuedAt);
            return (
              <li key={r.id} className="panel" data-testid={`queued-${r.pluginId}@${r.version}`}>
                <h3>
                  {r.name} {r.version} <code>{r.pluginId}</code>
                </h3>
                <p className="muted">
                  By <Link to={`/publishers/${r.publisherId}`}>{r.publisherName}</Link> · package{' '}
                  <code title={r.sha256}>{r.sha256.slice(0, 12)}…</code>
                  {queued !== undefined && (
                    <>
                      {' '}
                      · <span data-testid="time-in-queue">in the queue for {waited(now - queued)}</span>
                    </>
                  )}
                </p>
                <ScanFindings scan={r.scan} title="Why it was held" />
                <div className="actions">
                  <button
                    type="button"
                    className="button small primary"
                    onClick={() =>
                      setPending({ pluginId: r.pluginId, version: r.version, name: r.name, decision: 'approve' })
                    }
                  >
                    Approve {r.version}
                  </button>
                  <button
                    type="button"
                    className="button small danger"
                    onClick={() =>
                      setPending({ pluginId: r.pluginId, version: r.version, name: r.name, decision: 'reject' })
                    }
                  >
                    Reject {r.version}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <ReasonDialog
        open={pending !== undefined}
        title={
          pending?.decision === 'approve'
            ? `Approve ${pending.name} ${pending.version}?`
            : `Reject ${pending?.name ?? ''} ${pending?.version ?? ''}?`
        }
        message={
          pending?.decision === 'approve'
            ? 'It is listed at once and installable; the publisher sees the approval.'
            : 'It is never listed or served; the publisher sees your reason and must publish a new version.'
        }
        confirmLabel={pending?.decision === 'approve' ? 'Approve and list' : 'Reject version'}
        danger={pending?.decision === 'reject'}
        onCancel={() => setPending(undefined)}
        onConfirm={async (reason) => {
          if (!pending) return;
          const { pluginId, version, decision } = pending;
          const result = await decide({ pluginId, version, decision, reason });
          setPending(undefined);
          setOutcome({ ok: true, text: `${result.pluginId}@${result.version} ${result.review}.` });
        }}
      />
    </div>
  );
}
