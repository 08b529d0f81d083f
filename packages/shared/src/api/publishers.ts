import { z } from 'zod';
import { CATEGORIES } from '../catalogue/index.js';
import type { Category } from '../manifest/manifest.generated.js';
import { pricingSchema } from '../firestore/schemas.js';
import { defineCallable } from './define.js';
import { orgIdSchema } from './orgs.js';
import { pluginIdSchema, versionSchema } from './installs.js';
import { publisherIdSchema } from './publish.js';

export const createPublisherInputSchema = z
  .object({
    publisherId: publisherIdSchema,
    displayName: z.string().trim().min(2, 'must have at least 2 characters').max(80),
  })
  .strict();

/** Creates a publisher namespace with the caller as its owner. */
export const createPublisher = defineCallable<{ publisherId: string }>()('createPublisher', createPublisherInputSchema);

export const setPublisherMemberInputSchema = z
  .object({
    publisherId: publisherIdSchema,
    email: z.string().trim().toLowerCase().email('must be an email address'),
    /** null removes the member. */
    role: z.enum(['owner', 'member']).nullable(),
  })
  .strict();

/**
 * A publisher's owners manage its members by email: someone not yet a member is invited (they
 * join by accepting, signed in with that verified address); a member's role is changed; `null`
 * removes a member. A publisher always keeps an owner.
 */
export const setPublisherMember = defineCallable<{
  status: 'invited' | 'updated' | 'removed';
  invitationId?: string;
  expiresAt?: string;
}>()('setPublisherMember', setPublisherMemberInputSchema);

export const setPublisherVerifiedInputSchema = z
  .object({
    publisherId: publisherIdSchema,
    verified: z.boolean(),
    /** Kept in the administrators' audit log. */
    reason: z.string().trim().max(500).optional(),
  })
  .strict();

/** Marketplace administrators verify a publisher's identity; the badge follows on every listing. */
export const setPublisherVerified = defineCallable<{
  publisherId: string;
  verified: boolean;
  listingsUpdated: number;
}>()('setPublisherVerified', setPublisherVerifiedInputSchema);

export const yankVersionInputSchema = z
  .object({
    pluginId: pluginIdSchema,
    version: versionSchema,
    yanked: z.boolean(),
    reason: z.string().max(300).optional(),
  })
  .strict();

/**
 * Yanks (or restores) a version: a yanked version is hidden from new installs and from
 * "latest"; organizations that have it keep it, and it still loads.
 */
export const yankVersion = defineCallable<{
  pluginId: string;
  version: string;
  status: 'published' | 'yanked';
  latestVersion: string | null;
}>()('yankVersion', yankVersionInputSchema);

export const deprecateInputSchema = z
  .object({
    pluginId: pluginIdSchema,
    /** A version, or the whole plugin when absent. */
    version: versionSchema.optional(),
    /** null lifts the deprecation. */
    message: z.string().trim().min(5, 'say why (at least 5 characters)').max(300).nullable(),
    replacement: pluginIdSchema.nullable().optional(),
  })
  .strict();

export const deprecate = defineCallable<{ ok: true }>()('deprecate', deprecateInputSchema);

const categorySchema = z.enum(CATEGORIES as [Category, ...Category[]]);

export { pricingSchema };

export const updateListingInputSchema = z
  .object({
    pluginId: pluginIdSchema,
    /** Shown on cards instead of the manifest's description; null goes back to it. */
    summary: z.string().trim().min(10).max(300).nullable().optional(),
    categories: z.array(categorySchema).min(1).max(3).nullable().optional(),
    visibility: z
      .discriminatedUnion('visibility', [
        z.object({ visibility: z.literal('public') }).strict(),
        z.object({ visibility: z.literal('private'), orgId: orgIdSchema }).strict(),
      ])
      .optional(),
    pricing: z.optional(pricingSchema),
  })
  .strict();

/** A publisher's listing settings: they change without a new version. */
export const updateListing = defineCallable<{ ok: true }>()('updateListing', updateListingInputSchema);
