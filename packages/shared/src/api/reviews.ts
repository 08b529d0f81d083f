import { z } from 'zod';
import { REVIEW_LIMITS } from '../reviews/rules.js';
import { defineCallable } from './define.js';
import { pluginIdSchema } from './installs.js';
import { orgIdSchema } from './orgs.js';

/**
 * `plugins/{pluginId}/reviews/{uid}`: the author's own review, readable by its author only. The
 * author writes rating, title, body, version, orgId (the organization whose install makes the
 * review verified) and the timestamps; the server mirrors the status back for the author.
 */
export interface ReviewDoc<T = unknown> {
  rating: 1 | 2 | 3 | 4 | 5;
  title: string;
  body: string;
  version: string;
  orgId: string;
  createdAt: T;
  updatedAt: T;
  /** Set by the server. */
  status?: ReviewStatus;
  statusReason?: string | null;
}

export type ReviewStatus = 'published' | 'rejected' | 'hidden' | 'removed';

/**
 * `plugins/{pluginId}/publicReviews/{reviewId}`: what everyone who can see the listing reads of
 * a published review. No uid and no organization: the id is opaque and the author's name comes
 * from their account (checked against names that impersonate the marketplace).
 */
export interface PublicReviewDoc<T = unknown> {
  rating: 1 | 2 | 3 | 4 | 5;
  title: string;
  body: string;
  version: string;
  authorName: string;
  createdAt: T;
  updatedAt: T;
  helpfulCount: number;
  reply: { body: string; publisherId: string; at: T } | null;
}

/**
 * `plugins/{pluginId}/reviewState/{uid}`: server-only. Survives the author deleting and
 * re-creating the review, so neither the aggregates nor moderation can be reset that way.
 */
export interface ReviewStateDoc<T = unknown> {
  /** The rating this review currently adds to the plugin's aggregates (null: nothing). */
  counted: number | null;
  status: ReviewStatus | 'deleted';
  statusReason: string | null;
  /** A moderator's or the flag threshold's decision; only an administrator lifts it. */
  moderation: 'hidden' | 'removed' | null;
  reviewId: string;
  orgId: string | null;
  /** Copy of the review for moderators. */
  rating: number | null;
  title: string;
  body: string;
  authorName: string;
  helpfulCount: number;
  flagCount: number;
  reply: PublicReviewDoc<T>['reply'];
  updatedAt: T;
}

const reviewIdSchema = z.string().regex(/^[0-9a-f]{24}$/, 'must be a review id');

export const reactToReviewInputSchema = z
  .object({
    pluginId: pluginIdSchema,
    reviewId: reviewIdSchema,
    /** The caller's organization that has the plugin installed: reactions count once per organization. */
    orgId: orgIdSchema,
    kind: z.enum(['helpful', 'flag']),
    /** false takes the organization's vote or flag back. */
    on: z.boolean(),
    reason: z.string().trim().max(300).optional(),
  })
  .strict();

/** A member of an organization that installed the plugin marks a review helpful or flags it. */
export const reactToReview = defineCallable<{ helpfulCount: number; flagged: boolean; voted: boolean }>()(
  'reactToReview',
  reactToReviewInputSchema,
);

export const replyToReviewInputSchema = z
  .object({
    pluginId: pluginIdSchema,
    reviewId: reviewIdSchema,
    /** null removes the reply. */
    body: z.string().trim().min(2).max(REVIEW_LIMITS.replyMax).nullable(),
  })
  .strict();

/** A publisher member answers a review (one reply per review). */
export const replyToReview = defineCallable<{ ok: true }>()('replyToReview', replyToReviewInputSchema);

export const moderateReviewInputSchema = z
  .object({ pluginId: pluginIdSchema, reviewId: reviewIdSchema, action: z.enum(['restore', 'remove']) })
  .strict();

/** Marketplace administrators restore a hidden review or remove it. */
export const moderateReview = defineCallable<{ status: 'published' | 'removed' }>()(
  'moderateReview',
  moderateReviewInputSchema,
);

export const recomputeRatingsInputSchema = z.object({ pluginId: pluginIdSchema }).strict();

/** Marketplace administrators recompute a plugin's rating aggregates from its reviews. */
export const recomputeRatings = defineCallable<{ count: number; sum: number; average: number; corrected: boolean }>()(
  'recomputeRatings',
  recomputeRatingsInputSchema,
);
