import * as z from 'zod/mini';
import { timestampSchema } from '../converter.js';

// Reviews ---------------------------------------------------------------------------------------

export const reviewStatusSchema = z.enum(['published', 'rejected', 'hidden', 'removed']);
const ratingValueSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);

/** `plugins/{pluginId}/reviews/{uid}`: the author's own review (author-written, status mirrored). */
export const reviewDocSchema = z.strictObject({
  rating: ratingValueSchema,
  title: z.string(),
  body: z.string(),
  version: z.string(),
  orgId: z.string(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  /** Set by the server. */
  status: z.optional(reviewStatusSchema),
  statusReason: z.optional(z.nullable(z.string())),
});

export const reviewReplySchema = z.strictObject({ body: z.string(), publisherId: z.string(), at: timestampSchema });

/** `plugins/{pluginId}/publicReviews/{reviewId}`: what everyone reads of a published review. */
export const publicReviewDocSchema = z.strictObject({
  rating: ratingValueSchema,
  title: z.string(),
  body: z.string(),
  version: z.string(),
  authorName: z.string(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  helpfulCount: z.int(),
  reply: z.nullable(reviewReplySchema),
});

/** `plugins/{pluginId}/reviewState/{uid}`: server-only; survives the author deleting the review. */
export const reviewStateDocSchema = z.strictObject({
  /** The rating this review currently adds to the plugin's aggregates (null: nothing). */
  counted: z.nullable(ratingValueSchema),
  status: z.enum(['published', 'rejected', 'hidden', 'removed', 'deleted']),
  statusReason: z.nullable(z.string()),
  /** A moderator's or the flag threshold's decision; only an administrator lifts it. */
  moderation: z.nullable(z.enum(['hidden', 'removed'])),
  moderatedBy: z.optional(
    z.strictObject({ uid: z.string(), at: timestampSchema, action: z.enum(['restore', 'remove']) }),
  ),
  reviewId: z.string(),
  orgId: z.nullable(z.string()),
  /** Copy of the review for moderators. */
  rating: z.nullable(z.number()),
  title: z.string(),
  body: z.string(),
  authorName: z.string(),
  helpfulCount: z.int(),
  flagCount: z.int(),
  reply: z.nullable(reviewReplySchema),
  updatedAt: timestampSchema,
});

/** `plugins/{pluginId}/publicReviews/{reviewId}/{votes|flags}/{orgId}`: one per organization. */
export const reviewReactionDocSchema = z.strictObject({
  by: z.string(),
  at: timestampSchema,
  /** Flags only. */
  reason: z.optional(z.string()),
});
