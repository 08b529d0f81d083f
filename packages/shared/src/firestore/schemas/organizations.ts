import { moderationMarkSchema } from './moderation.js';
import * as z from 'zod/mini';
import { timestampSchema } from '../converter.js';
import { membership, orgMemberRoleSchema, publisherMemberRoleSchema } from './pieces.js';

// Publishers and organizations ------------------------------------------------------------------

/** `publishers/{publisherId}`: with its members (readable by its members and administrators). */
export const publisherDocSchema = z.strictObject({
  displayName: z.string(),
  ...membership(publisherMemberRoleSchema),
  verified: z.boolean(),
  verifiedAt: z.optional(timestampSchema),
  verifiedBy: z.optional(z.string()),
  suspended: z.optional(z.boolean()),
  /** Who suspended it, why and when (no new uploads; its listings left out of discovery). */
  suspension: z.optional(z.nullable(moderationMarkSchema)),
  createdAt: timestampSchema,
  /** Absent for publishers created by the administrators' tools rather than the callable. */
  createdBy: z.optional(z.string()),
});

/** `publisherProfiles/{publisherId}`: what everyone may read of a publisher. */
export const publisherProfileDocSchema = z.strictObject({
  displayName: z.string(),
  verified: z.boolean(),
  suspended: z.optional(z.literal(true)),
});

export const orgSettingsSchema = z.strictObject({
  internalOnly: z.boolean(),
  allowedPublishers: z.array(z.string()),
  blockedPublishers: z.array(z.string()),
  maxRisk: z.enum(['low', 'medium', 'high']),
});

/** `orgs/{orgId}`: an organization, its members and its install policy. */
export const orgDocSchema = z.strictObject({
  name: z.string(),
  ...membership(orgMemberRoleSchema),
  settings: orgSettingsSchema,
  createdAt: timestampSchema,
  createdBy: z.string(),
});

const invitationFields = {
  targetId: z.string(),
  targetName: z.string(),
  /** Lowercase. */
  email: z.string(),
  invitedBy: z.strictObject({ uid: z.string(), name: z.string() }),
  status: z.enum(['pending', 'accepted', 'declined', 'revoked']),
  createdAt: timestampSchema,
  expiresAt: timestampSchema,
  /** When it was declined or revoked. */
  answeredAt: z.optional(timestampSchema),
  /** Who accepted, with the verified email they were signed in with. */
  acceptedBy: z.optional(z.strictObject({ uid: z.string(), email: z.string(), at: timestampSchema })),
};

/** `invitations/{invitationId}`: membership by email, accepted by the invitee (server-written). */
export const invitationDocSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('org'), role: orgMemberRoleSchema, ...invitationFields }),
  z.strictObject({ kind: z.literal('publisher'), role: publisherMemberRoleSchema, ...invitationFields }),
]);

/** `users/{uid}`: an account's own profile (not written by the marketplace's functions). */
export const userDocSchema = z.strictObject({ email: z.string() });
