import type { ReviewStateDoc } from '@mlebotics/shared';
import { useState } from 'react';
import { ErrorNote } from '../../../components/ui/States';
import { Stars } from '../../../components/ui/Stars';
import { moderate } from '../api/reviews';
import { errorText } from '../../../lib/functions';

/** A review hidden by flags, as marketplace administrators see it, with their two decisions. */
export function HiddenReview({ pluginId, state }: { pluginId: string; state: ReviewStateDoc & { id: string } }) {
  const [message, setMessage] = useState<string>();
  const decide = (action: 'restore' | 'remove') =>
    moderate({ pluginId, reviewId: state.reviewId, action }).catch((e: unknown) => setMessage(errorText(e)));
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
        <button type="button" className="button small" onClick={() => void decide('restore')}>
          Restore
        </button>
        <button type="button" className="button small danger" onClick={() => void decide('remove')}>
          Remove
        </button>
      </div>
      <ErrorNote message={message} />
    </li>
  );
}
