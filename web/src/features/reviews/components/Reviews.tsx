import { paths, publicReviewId, type ListingDoc } from '@mlebotics/shared';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../../app/AuthProvider';
import { useSession } from '../../../app/session';
import { ErrorState, Loading, Unreachable } from '../../../components/ui/States';
import { useDocument, useLiveQuery } from '../../../lib/firestore';
import { queries } from '../../../lib/queries';
import { HiddenReview } from './HiddenReview';
import { ReviewForm } from './ReviewForm';
import { ReviewItem } from './ReviewItem';

const STATUS_TEXT: Record<string, string> = {
  pending: 'Checking that your organization installed the plugin…',
  rejected: 'Not published: only members of an organization that has this plugin installed can review it.',
  hidden: 'Hidden: several organizations flagged it; a moderator will look at it.',
  removed: 'Removed by a moderator.',
};

/** A plugin's reviews: the viewer's own, the published ones, and (for administrators) the hidden ones. */
export function Reviews({ pluginId, listing }: { pluginId: string; listing: ListingDoc }) {
  const { user } = useAuth();
  const { session, currentOrgId } = useSession();
  const [sort, setSort] = useState<'newest' | 'helpful'>('newest');
  const reviews = useLiveQuery(queries.reviews(pluginId, sort), `${pluginId}|${sort}`);
  const hidden = useLiveQuery(
    session?.isAdmin ? queries.hiddenReviews(pluginId) : null,
    `${pluginId}|hidden|${session?.isAdmin}`,
  );
  const mine = useDocument('review', user ? paths.review(pluginId, user.uid) : null);
  const install = useDocument('install', currentOrgId ? paths.install(currentOrgId, pluginId) : null);
  // Reviews by members of the viewer's organization: the server refuses votes and flags on them
  // (one organization cannot promote or bury its own reviews), so none are offered.
  const org = useDocument('org', currentOrgId ? paths.org(currentOrgId) : null);
  const memberKey = Object.keys(org.data?.members ?? {})
    .sort()
    .join(',');
  const ownOrgReviews = useMemo(
    () => new Set(memberKey ? memberKey.split(',').map((uid) => publicReviewId(pluginId, uid)) : []),
    [pluginId, memberKey],
  );
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
          existing={mine.data}
        />
      ) : (
        !mine.data &&
        (user === null ? (
          <p className="muted">
            <Link to={`/signin?next=${encodeURIComponent(`/plugins/${pluginId}`)}`}>Sign in</Link> to review this plugin
            (reviews come from organizations that installed it).
          </p>
        ) : (
          <p className="muted">
            Install this plugin in your organization to review it (reviews come from verified installs only).
          </p>
        ))
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
      {reviews.status === 'unreachable' && <Unreachable what="The reviews" />}
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
              fromOwnOrg={ownOrgReviews.has(review.id)}
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
