import { z } from 'zod';
import { REVIEW_LIMITS } from '../reviews/rules.js';
import { defineCallable } from './define.js';
import { pluginIdSchema } from './installs.js';
import { orgIdSchema } from './orgs.js';

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
  .object({
    pluginId: pluginIdSchema,
    reviewId: reviewIdSchema,
    action: z.enum(['restore', 'remove']),
    /** Kept in the administrators' audit log. */
    reason: z.string().trim().max(500).optional(),
  })
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
