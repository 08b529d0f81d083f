import { z } from 'zod';
import { defineCallable } from './define.js';
import { pluginIdSchema } from './installs.js';

/** Limits of a review, checked by the security rules and the forms alike. */
export const REVIEW_LIMITS = { titleMax: 120, bodyMax: 2000, replyMax: 2000 } as const;
/** Distinct users whose flags hide a review until a marketplace administrator decides. */
export const FLAG_THRESHOLD = 3;

/**
 * `plugins/{pluginId}/reviews/{uid}`. The author writes rating, title, body, version, orgId,
 * authorName and the timestamps; everything else is server-owned.
 */
export interface ReviewDoc<T = unknown> {
  rating: 1 | 2 | 3 | 4 | 5;
  title: string;
  body: string;
  version: string;
  /** The organization through which the author installed the plugin (verified install). */
  orgId: string;
  authorName: string;
  createdAt: T;
  updatedAt: T;
  /** Set by the server: pending (absent), published, rejected (no verified install), hidden (flagged), removed (moderation). */
  status?: 'published' | 'rejected' | 'hidden' | 'removed';
  statusReason?: string;
  /** The rating currently counted in the plugin's aggregates (server-owned). */
  counted?: number | null;
  helpfulCount?: number;
  flagCount?: number;
  reply?: { body: string; by: string; publisherId: string; at: T } | null;
}

export const replyToReviewInputSchema = z
  .object({
    pluginId: pluginIdSchema,
    reviewerUid: z.string().min(1).max(128),
    /** null removes the reply. */
    body: z.string().trim().min(2).max(REVIEW_LIMITS.replyMax).nullable(),
  })
  .strict();

/** A publisher member answers a review (one reply per review). */
export const replyToReview = defineCallable<{ ok: true }>()('replyToReview', replyToReviewInputSchema);

export const moderateReviewInputSchema = z
  .object({ pluginId: pluginIdSchema, reviewerUid: z.string().min(1).max(128), action: z.enum(['restore', 'remove']) })
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
