import { REVIEW_LIMITS, type ReviewDoc } from '@mlebotics/shared';
import { useState, type FormEvent } from 'react';
import { useAuth } from '../../../app/AuthProvider';
import { ErrorNote } from '../../../components/ui/States';
import { deleteReview, saveReview } from '../api/reviews';
import { errorText } from '../../../lib/functions';

/** The signed-in user's review: written once, then edited or deleted. */
export function ReviewForm({
  pluginId,
  orgId,
  version,
  existing,
}: {
  pluginId: string;
  orgId: string;
  version: string;
  existing: ReviewDoc | undefined;
}) {
  const { user } = useAuth();
  // 0 until a star is chosen.
  const [rating, setRating] = useState<ReviewDoc['rating'] | 0>(existing?.rating ?? 0);
  const [title, setTitle] = useState(existing?.title ?? '');
  const [body, setBody] = useState(existing?.body ?? '');
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setSaved(undefined);
    if (rating === 0) return setError('Choose a rating from 1 to 5 stars.');
    if (title.trim().length < 2) return setError('Give your review a title (at least 2 characters).');
    if (body.length > REVIEW_LIMITS.bodyMax)
      return setError(`Keep the review under ${REVIEW_LIMITS.bodyMax} characters (it has ${body.length}).`);
    setBusy(true);
    try {
      await saveReview(
        pluginId,
        user!.uid,
        { rating, title: title.trim(), body, version },
        existing ? undefined : orgId,
      );
      setSaved(existing ? 'Review updated.' : 'Review posted.');
    } catch (e) {
      const code = (e as { code?: string }).code;
      setError(
        code === 'permission-denied' ? 'You can review only plugins your organization installed.' : errorText(e),
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
        {([1, 2, 3, 4, 5] as const).map((n) => (
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
      <ErrorNote message={error} />
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
            onClick={() => void deleteReview(pluginId, user!.uid).then(() => setSaved('Review deleted.'))}
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
