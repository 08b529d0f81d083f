/**
 * The "relevance" order of the discovery page when no better signal exists: a Bayesian average
 * of the rating (pulled toward 3.5 until a plugin has reviews) weighted by how widely it is
 * installed. Stored on the listing by every writer of installCount and rating, so Firestore can
 * order by it.
 */
const PRIOR_RATING = 3.5;
const PRIOR_WEIGHT = 5;

export function listingScore(installCount: number, rating: { count?: number; sum?: number } | undefined): number {
  const count = rating?.count ?? 0;
  const sum = rating?.sum ?? 0;
  const bayesian = (PRIOR_RATING * PRIOR_WEIGHT + sum) / (PRIOR_WEIGHT + count);
  return Math.round(bayesian * Math.log2(2 + Math.max(0, installCount)) * 1000) / 1000;
}
