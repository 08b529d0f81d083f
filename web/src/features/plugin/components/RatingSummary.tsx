import type { ListingDoc } from '@mlebotics/shared';
import { Stars, averageRating } from '../../../components/ui/Stars';

/** The average rating and its histogram. */
export function RatingSummary({ listing }: { listing: ListingDoc }) {
  const rating = listing.rating ?? { count: 0, sum: 0, histogram: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } };
  const max = Math.max(1, ...Object.values(rating.histogram));
  return (
    <div data-testid="rating-summary">
      <p>
        <Stars value={averageRating(rating)} count={rating.count} />
      </p>
      <div className="histogram" aria-label="Ratings histogram">
        {(['5', '4', '3', '2', '1'] as const).map((star) => (
          <div key={star} style={{ display: 'contents' }}>
            <span>{star}★</span>
            <span className="bar">
              <span style={{ width: `${(rating.histogram[star] / max) * 100}%` }} />
            </span>
            <span>{rating.histogram[star]}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
