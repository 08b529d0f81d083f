import { paths, publicReviewId, type PublicReviewDoc } from '@mlebotics/shared';
import { useState } from 'react';
import { useAuth } from '../../../app/AuthProvider';
import { ErrorNote } from '../../../components/ui/States';
import { Stars } from '../../../components/ui/Stars';
import { formatDate, useDocument } from '../../../lib/firestore';
import { reactTo, reply } from '../api/reviews';

/** A published review: helpful votes and flags per organization, and the publisher's reply. */
export function ReviewItem({
  pluginId,
  review,
  canReply,
  orgId,
}: {
  pluginId: string;
  review: PublicReviewDoc & { id: string };
  canReply: boolean;
  /** The viewer's organization when it has the plugin installed: votes and flags count per organization. */
  orgId: string | undefined;
}) {
  const { user } = useAuth();
  const vote = useDocument<{ at: unknown }>(orgId ? paths.reviewReaction(pluginId, review.id, 'votes', orgId) : null);
  const flag = useDocument<{ at: unknown }>(orgId ? paths.reviewReaction(pluginId, review.id, 'flags', orgId) : null);
  const [replyText, setReplyText] = useState('');
  const [flagging, setFlagging] = useState(false);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string>();
  const act = (action: () => Promise<unknown>) => action().catch((e: Error) => setMessage(e.message));
  const own = !!user && publicReviewId(pluginId, user.uid) === review.id;
  const react = (kind: 'helpful' | 'flag', on: boolean, why?: string) =>
    act(() =>
      reactTo({
        pluginId,
        reviewId: review.id,
        orgId: orgId!,
        kind,
        on,
        ...(why ? { reason: why } : {}),
      }),
    );
  return (
    <li className="review" data-testid="review">
      <div className="meta">
        <Stars value={review.rating} />
        <strong>{review.title}</strong>
      </div>
      <p>{review.body}</p>
      <div className="meta">
        <span>
          {review.authorName} · {formatDate(review.createdAt)} · version {review.version}
        </span>
        {!own && orgId ? (
          <button type="button" className="button small" onClick={() => void react('helpful', !vote.data)}>
            {vote.data ? '✓ Helpful' : 'Helpful'} ({review.helpfulCount ?? 0})
          </button>
        ) : (
          <span className="muted">{review.helpfulCount ?? 0} found this helpful</span>
        )}
        {!own && orgId && !flag.data && !flagging && (
          <button type="button" className="button small ghost" onClick={() => setFlagging(true)}>
            Flag
          </button>
        )}
        {flag.data && <span className="muted">flagged by your organization</span>}
      </div>
      {flagging && (
        <form
          aria-label="Flag this review"
          style={{ flexDirection: 'row' }}
          onSubmit={(e) => {
            e.preventDefault();
            void react('flag', true, reason.trim()).then(() => setFlagging(false));
          }}
        >
          <input
            placeholder="Why should a moderator look at this review?"
            value={reason}
            maxLength={300}
            onChange={(e) => setReason(e.target.value)}
            required
            minLength={3}
          />
          <button type="submit" className="button small">
            Send flag
          </button>
          <button type="button" className="button small ghost" onClick={() => setFlagging(false)}>
            Cancel
          </button>
        </form>
      )}
      {review.reply && (
        <blockquote className="reply" data-testid="publisher-reply">
          <strong>Reply from the publisher:</strong> {review.reply.body}
        </blockquote>
      )}
      {canReply && !review.reply && (
        <form
          aria-label="Reply"
          style={{ flexDirection: 'row' }}
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => reply({ pluginId, reviewId: review.id, body: replyText }));
          }}
        >
          <input
            placeholder="Reply as the publisher"
            value={replyText}
            onChange={(e) => setReplyText(e.target.value)}
            required
            minLength={2}
          />
          <button type="submit" className="button small">
            Reply
          </button>
        </form>
      )}
      <ErrorNote message={message} />
    </li>
  );
}
