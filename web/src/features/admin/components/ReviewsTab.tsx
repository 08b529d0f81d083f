import type { ModerationQueueItem } from '@mlebotics/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyState, OutcomeNote } from '../../../components/ui/States';
import { useAction } from '../../../hooks/use-action';
import { loadModerationQueue, moderate } from '../api/admin';
import { useCallData } from '../../../hooks/use-call-data';
import { CallStates } from '../../../components/ui/CallStates';
import { ReasonDialog } from './ReasonDialog';

type Pending = { item: ModerationQueueItem; action: 'restore' | 'remove' };

const STATUS_LABEL: Record<ModerationQueueItem['status'], string> = {
  published: 'Flagged, still shown',
  hidden: 'Hidden by flags',
  removed: 'Removed',
  rejected: 'Rejected',
  deleted: 'Deleted',
};

/** Flagged, hidden and removed reviews, with Restore and Remove. */
export function ReviewsTab() {
  const { state, reload } = useCallData(loadModerationQueue);
  const [pending, setPending] = useState<Pending>();
  const { outcome, setOutcome } = useAction();
  return (
    <div className="admin-tab">
      <h2>Reviews to moderate</h2>
      <p className="muted">
        Reviews flagged by organizations that installed the plugin, hidden by enough flags, or removed. Restoring clears
        the flags and shows the review again; removing takes it down for good.
      </p>
      <OutcomeNote outcome={outcome} />
      <CallStates state={state} what="The moderation queue" />
      {state.status === 'ready' && state.data.items.length === 0 && (
        <EmptyState title="Nothing to moderate">
          <p>No review is flagged, hidden or removed.</p>
        </EmptyState>
      )}
      {state.status === 'ready' && state.data.items.length > 0 && (
        <ul className="admin-list" aria-label="Reviews to moderate">
          {state.data.items.map((item) => (
            <li key={`${item.pluginId}/${item.reviewId}`} className="panel admin-item" data-testid="moderation-item">
              <div className="admin-item-head">
                <h3>{item.title || '(no title)'}</h3>
                <span className={`badge ${item.status === 'published' ? 'risk-medium' : 'risk-high'}`}>
                  {STATUS_LABEL[item.status]}
                </span>
              </div>
              <p className="meta">
                <span>
                  on <Link to={`/plugins/${item.pluginId}`}>{item.pluginName}</Link>
                </span>
                <span>by {item.authorName}</span>
                {item.rating !== null && <span>{item.rating} / 5</span>}
                <span>
                  {item.flagCount} {item.flagCount === 1 ? 'flag' : 'flags'}
                </span>
                <span>changed {new Date(item.updatedAt).toLocaleString()}</span>
              </p>
              <blockquote className="admin-quote">{item.body}</blockquote>
              {item.reasons.length > 0 && (
                <p className="small">
                  <strong>Flag reasons:</strong> {item.reasons.join(' · ')}
                </p>
              )}
              <div className="actions">
                <button type="button" className="button small" onClick={() => setPending({ item, action: 'restore' })}>
                  Restore
                </button>
                {item.status !== 'removed' && (
                  <button
                    type="button"
                    className="button small danger"
                    onClick={() => setPending({ item, action: 'remove' })}
                  >
                    Remove
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {state.status === 'ready' && state.data.truncated && (
        <p className="muted">Only the most recent reviews are shown; act on these to see more.</p>
      )}
      <ReasonDialog
        open={pending !== undefined}
        title={pending?.action === 'remove' ? 'Remove this review?' : 'Restore this review?'}
        message={
          pending?.action === 'remove'
            ? `“${pending.item.title}” on ${pending.item.pluginName} is taken down for good and leaves the rating.`
            : `“${pending?.item.title ?? ''}” is shown again and its flags are cleared.`
        }
        confirmLabel={pending?.action === 'remove' ? 'Remove review' : 'Restore review'}
        danger={pending?.action === 'remove'}
        onCancel={() => setPending(undefined)}
        onConfirm={async (reason) => {
          if (!pending) return;
          const { item, action } = pending;
          await moderate({ pluginId: item.pluginId, reviewId: item.reviewId, action, reason });
          setPending(undefined);
          reload();
          setOutcome({ ok: true, text: action === 'remove' ? 'Review removed.' : 'Review restored.' });
        }}
      />
    </div>
  );
}
