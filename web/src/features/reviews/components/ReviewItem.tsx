import { paths, publicReviewId, type PublicReviewDoc } from '@mlebotics/shared';
import { useState } from 'react';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { useAuth } from '../../../app/AuthProvider';
import { ErrorNote } from '../../../components/ui/States';
import { Stars } from '../../../components/ui/Stars';
import { formatDate, useDocument } from '../../../lib/firestore';
import { reactTo, reply } from '../api/reviews';
import { errorText } from '../../../lib/functions';

/** A published review: helpful votes and flags per organization, and the publisher's reply. */
export function ReviewItem({
  pluginId,
  review,
  canReply,
  orgId: viewerOrgId,
  fromOwnOrg = false,
}: {
  pluginId: string;
  review: PublicReviewDoc & { id: string };
  canReply: boolean;
  /** The viewer's organization when it has the plugin installed: votes and flags count per organization. */
  orgId: string | undefined;
  /** Written by a member of the viewer's organization: it cannot vote on or flag it. */
  fromOwnOrg?: boolean;
}) {
  const orgId = fromOwnOrg ? undefined : viewerOrgId;
  const { user } = useAuth();
  const vote = useDocument('reviewReaction', orgId ? paths.reviewReaction(pluginId, review.id, 'votes', orgId) : null);
  const flag = useDocument('reviewReaction', orgId ? paths.reviewReaction(pluginId, review.id, 'flags', orgId) : null);
  const [replyText, setReplyText] = useState('');
  const [flagging, setFlagging] = useState(false);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string>();
  const act = (action: () => Promise<unknown>) => action().catch((e: unknown) => setMessage(errorText(e)));
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
        {!own && orgId && !flag.data && (
          <button type="button" className="button small ghost" onClick={() => setFlagging(true)}>
            Flag
          </button>
        )}
        {flag.data && <span className="muted">flagged by your organization</span>}
        {fromOwnOrg && !own && (
          <span className="muted" data-testid="own-org-review">
            from your organization
          </span>
        )}
      </div>
      <ConfirmDialog
        open={flagging}
        title="Flag this review for moderation?"
        message={
          <p>
            A moderator looks at “{review.title}”. Flags count once per organization; a review flagged by several
            organizations is hidden until it is checked.
          </p>
        }
        confirmLabel="Send flag"
        canConfirm={reason.trim().length >= 3}
        onCancel={() => setFlagging(false)}
        onConfirm={async () => {
          await reactTo({
            pluginId,
            reviewId: review.id,
            orgId: orgId!,
            kind: 'flag',
            on: true,
            reason: reason.trim(),
          });
          setFlagging(false);
        }}
      >
        <label>
          Why should a moderator look at this review?
          <input value={reason} maxLength={300} minLength={3} required onChange={(e) => setReason(e.target.value)} />
        </label>
      </ConfirmDialog>
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
