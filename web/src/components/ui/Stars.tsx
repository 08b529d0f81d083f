/**
 * A listing's average rating, from its count and sum (updated together in the review's own
 * transaction). The stored `average` is derived afterwards by a trigger, for sorting and the
 * rating filter: shown, it would read "0.0 (1)" for the moment in between.
 */
export function averageRating(rating: { count: number; sum: number } | undefined): number {
  return rating && rating.count > 0 ? rating.sum / rating.count : 0;
}

/** A rating out of five, for screen readers and eyes. */
export function Stars({ value, count }: { value: number; count?: number }) {
  const rounded = Math.round(value * 2) / 2;
  const full = Math.floor(rounded);
  const half = rounded - full === 0.5;
  const label =
    count === 0
      ? 'No ratings yet'
      : `Rated ${value.toFixed(1)} out of 5${count !== undefined ? ` from ${count} review${count === 1 ? '' : 's'}` : ''}`;
  return (
    <span className="stars" role="img" aria-label={label} title={label}>
      <span aria-hidden="true">
        {'★'.repeat(full)}
        {half ? '⯪' : ''}
        {'☆'.repeat(5 - full - (half ? 1 : 0))}
      </span>
      {count !== undefined && (
        <span className="muted"> {count === 0 ? 'no reviews' : `${value.toFixed(1)} (${count})`}</span>
      )}
    </span>
  );
}
