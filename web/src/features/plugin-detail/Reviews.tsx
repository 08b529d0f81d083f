import {
  REVIEW_LIMITS,
  paths,
  publicReviewId,
  type ListingDoc,
  type PublicReviewDoc,
  type ReviewDoc,
  type ReviewStateDoc,
  type moderateReview,
  type reactToReview,
  type replyToReview,
} from '@mlebotics/shared';
import { deleteDoc, doc, serverTimestamp, setDoc, updateDoc } from 'firebase/firestore';
import { useState, type FormEvent } from 'react';
import { useAuth } from '../../app/AuthProvider';
import { useSession } from '../../app/session';
import { ErrorState, Loading } from '../../components/ui/States';
import { Stars } from '../../components/ui/Stars';
import { db } from '../../lib/firebase';
import { formatDate, useDocument, useLiveQuery } from '../../lib/firestore';
import { call } from '../../lib/functions';
import { queries } from '../../lib/queries';

type Review = ReviewDoc & { id: string };
type PublicReview = PublicReviewDoc & { id: string };

const STATUS_TEXT: Record<string, string> = {
  pending: 'Checking that your organization installed the plugin…',
  rejected: 'Not published: only members of an organization that has this plugin installed can review it.',
  hidden: 'Hidden: several organizations flagged it; a moderator will look at it.',
  removed: 'Removed by a moderator.',
};

function ReviewForm({
  pluginId,
  orgId,
  version,
  existing,
}: {
  pluginId: string;
  orgId: string;
  version: string;
  existing: Review | undefined;
}) {
  const { user } = useAuth();
  const [rating, setRating] = useState(existing?.rating ?? 0);
  const [title, setTitle] = useState(existing?.title ?? '');
  const [body, setBody] = useState(existing?.body ?? '');
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);
  const ref = doc(db, paths.review(pluginId, user!.uid));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setSaved(undefined);
    if (rating < 1) return setError('Choose a rating from 1 to 5 stars.');
    if (title.trim().length < 2) return setError('Give your review a title (at least 2 characters).');
    if (body.length > REVIEW_LIMITS.bodyMax)
      return setError(`Keep the review under ${REVIEW_LIMITS.bodyMax} characters (it has ${body.length}).`);
    setBusy(true);
    try {
      if (existing) {
        await updateDoc(ref, { rating, title: title.trim(), body, version, updatedAt: serverTimestamp() });
      } else {
        await setDoc(ref, {
          rating,
          title: title.trim(),
          body,
          version,
          orgId,
          createdAt: serverTimestamp(),
          updatedAt: serverTimestamp(),
        });
      }
      setSaved(existing ? 'Review updated.' : 'Review posted.');
    } catch (e) {
      const code = (e as { code?: string }).code;
      setError(
        code === 'permission-denied'
          ? 'You can review only plugins your organization installed.'
          : (e as Error).message,
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label={existing ? 'Edit your review' : 'Write a review'} className="panel">
      <h3>{existing ? 'Your review' : 'Write a review'}</h3>
      <fieldset>
        <legend>Rating</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} style={{ display: 'inline-flex', flexDirection: 'row', gap: '0.2rem', marginRight: '0.6rem' }}>
            <input
              type="radio"
              name="rating"
              value={n}
              checked={rating === n}
              onChange={() => setRating(n)}
              aria-label={`${n} star${n === 1 ? '' : 's'}`}
            />
            {n}★
          </label>
        ))}
      </fieldset>
      <label>
        Title
        <input value={title} maxLength={REVIEW_LIMITS.titleMax} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        Review ({body.length}/{REVIEW_LIMITS.bodyMax})
        <textarea rows={4} value={body} onChange={(e) => setBody(e.target.value)} />
      </label>
      {error && (
        <p role="alert" className="alert-error">
          {error}
        </p>
      )}
      {saved && (
        <p role="status" className="alert-ok">
          {saved}
        </p>
      )}
      <div className="dialog-actions">
        {existing && (
          <button
            type="button"
            className="button danger"
            disabled={busy}
            onClick={() => void deleteDoc(ref).then(() => setSaved('Review deleted.'))}
          >
            Delete
          </button>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          {existing ? 'Save changes' : 'Post review'}
        </button>
      </div>
    </form>
  );
}

function ReviewItem({
  pluginId,
  review,
  canReply,
  orgId,
}: {
  pluginId: string;
  review: PublicReview;
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
      call<typeof reactToReview>('reactToReview', {
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
            void act(() =>
              call<typeof replyToReview>('replyToReview', { pluginId, reviewId: review.id, body: replyText }),
            );
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
      {message && (
        <p role="alert" className="alert-error">
          {message}
        </p>
      )}
    </li>
  );
}

/** A review hidden by flags, as marketplace administrators see it, with their two decisions. */
function HiddenReview({ pluginId, state }: { pluginId: string; state: ReviewStateDoc & { id: string } }) {
  const [message, setMessage] = useState<string>();
  const moderate = (action: 'restore' | 'remove') =>
    call<typeof moderateReview>('moderateReview', { pluginId, reviewId: state.reviewId, action }).catch((e: Error) =>
      setMessage(e.message),
    );
  return (
    <li className="review" data-testid="hidden-review">
      <div className="meta">
        {state.rating ? <Stars value={state.rating} /> : null}
        <strong>{state.title}</strong>
      </div>
      <p>{state.body}</p>
      <div className="meta">
        <span>
          {state.authorName} · flagged by {state.flagCount} organizations
        </span>
        <button type="button" className="button small" onClick={() => void moderate('restore')}>
          Restore
        </button>
        <button type="button" className="button small danger" onClick={() => void moderate('remove')}>
          Remove
        </button>
      </div>
      {message && (
        <p role="alert" className="alert-error">
          {message}
        </p>
      )}
    </li>
  );
}

export function Reviews({ pluginId, listing }: { pluginId: string; listing: ListingDoc }) {
  const { user } = useAuth();
  const { session, currentOrgId } = useSession();
  const [sort, setSort] = useState<'newest' | 'helpful'>('newest');
  const reviews = useLiveQuery<PublicReviewDoc>(queries.reviews(pluginId, sort), `${pluginId}|${sort}`);
  const hidden = useLiveQuery<ReviewStateDoc>(
    session?.isAdmin ? queries.hiddenReviews(pluginId) : null,
    `${pluginId}|hidden|${session?.isAdmin}`,
  );
  const mine = useDocument<ReviewDoc>(user ? paths.review(pluginId, user.uid) : null);
  const install = useDocument<{ version: string }>(currentOrgId ? paths.install(currentOrgId, pluginId) : null);
  const canReply = !!session?.publishers.some((p) => p.id === listing.publisherId);
  const myStatus = mine.data ? (mine.data.status ?? 'pending') : undefined;
  return (
    <section className="panel" aria-label="Reviews">
      <h2>Reviews</h2>
      {mine.data && myStatus !== 'published' && <p className="alert-warn">{STATUS_TEXT[myStatus!]}</p>}
      {install.data && currentOrgId ? (
        <ReviewForm
          key={mine.data ? 'edit' : 'new'}
          pluginId={pluginId}
          orgId={currentOrgId}
          version={install.data.version}
          existing={mine.data ? { ...mine.data, id: user!.uid } : undefined}
        />
      ) : (
        !mine.data && (
          <p className="muted">
            Install this plugin in your organization to review it (reviews come from verified installs only).
          </p>
        )
      )}
      <label style={{ maxWidth: 220 }}>
        Sort reviews
        <select value={sort} onChange={(e) => setSort(e.target.value as 'newest' | 'helpful')}>
          <option value="newest">Newest first</option>
          <option value="helpful">Most helpful first</option>
        </select>
      </label>
      {reviews.status === 'loading' && <Loading label="Loading reviews…" />}
      {reviews.status === 'error' && <ErrorState message={reviews.error} />}
      {reviews.status === 'ready' && reviews.data.length === 0 && <p className="muted">No reviews yet.</p>}
      {reviews.status === 'ready' && (
        <ul className="reviews">
          {reviews.data.map((review) => (
            <ReviewItem
              key={review.id}
              pluginId={pluginId}
              review={review}
              canReply={canReply}
              orgId={install.data && currentOrgId ? currentOrgId : undefined}
            />
          ))}
        </ul>
      )}
      {hidden.status === 'ready' && hidden.data.length > 0 && (
        <>
          <h3>Hidden pending moderation</h3>
          <ul className="reviews">
            {hidden.data.map((state) => (
              <HiddenReview key={state.id} pluginId={pluginId} state={state} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
