import { z } from 'zod';
import { defineCallable } from './define.js';
import { pluginIdSchema, versionSchema } from './installs.js';
import { publisherIdSchema } from './publish.js';

export const revokeSigningKeyInputSchema = z
  .object({
    keyId: z.string().regex(/^mle-[0-9a-f]{16}$/, 'must be a key id such as mle-0123456789abcdef'),
    reason: z.string().min(5, 'say why the key is revoked (at least 5 characters)').max(500),
  })
  .strict();

export interface RevokeSigningKeyOutput {
  keyId: string;
  status: 'revoked';
}

/** Marketplace administrators revoke a signing key: its signatures stop verifying everywhere. */
export const revokeSigningKey = defineCallable<RevokeSigningKeyOutput>()(
  'revokeSigningKey',
  revokeSigningKeyInputSchema,
);

/** Why an administrator acts: shown to the publisher or organization and kept in the audit log. */
export const adminReasonSchema = z
  .string()
  .trim()
  .min(5, 'say why (at least 5 characters): the publisher or organizations see it and the audit log keeps it')
  .max(500, 'keep the reason under 500 characters');

const sha256Schema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 digest: 64 lowercase hexadecimal characters');

export const decideReviewInputSchema = z
  .object({
    pluginId: pluginIdSchema,
    version: versionSchema,
    decision: z.enum(['approve', 'reject']),
    reason: adminReasonSchema,
  })
  .strict();

/**
 * Marketplace administrators decide a quarantined version: approved, it is listed at once
 * (the publisher's upload turns published); rejected, it is never served and the publisher sees
 * the reason on the upload and in My plugins.
 */
export const decideReview = defineCallable<{
  pluginId: string;
  version: string;
  review: 'approved' | 'rejected';
}>()('decideReview', decideReviewInputSchema);

export const setRevocationInputSchema = z
  .object({
    pluginId: pluginIdSchema,
    /** Omitted: the whole plugin; given: that one version. */
    version: versionSchema.optional(),
    revoked: z.boolean(),
    reason: adminReasonSchema,
  })
  .strict();

/**
 * The kill switch: revoke (or restore) a plugin or one version marketplace-wide. Revoked,
 * installs and updates are refused, `runPluginStep` and panels refuse to load it, it leaves
 * discovery, and organizations that have it see a banner with the reason.
 */
export const setRevocation = defineCallable<{
  pluginId: string;
  version: string | null;
  revoked: boolean;
  /** Organizations that have the plugin (or that version) installed, told by their banner. */
  affectedOrgs: number;
}>()('setRevocation', setRevocationInputSchema);

export const setBlocklistedInputSchema = z
  .object({
    sha256: sha256Schema,
    scope: z.enum(['package', 'file']),
    blocked: z.boolean(),
    reason: adminReasonSchema,
  })
  .strict();

/** Marketplace administrators block (or unblock) a package's or a file's digest at upload. */
export const setBlocklisted = defineCallable<{ sha256: string; blocked: boolean }>()(
  'setBlocklisted',
  setBlocklistedInputSchema,
);

export const setPublisherSuspendedInputSchema = z
  .object({
    publisherId: publisherIdSchema,
    suspended: z.boolean(),
    reason: adminReasonSchema,
  })
  .strict();

/**
 * Marketplace administrators suspend (or reinstate) a publisher: suspended, it cannot upload
 * (new intents and uploads in flight are refused) and its listings leave discovery.
 */
export const setPublisherSuspended = defineCallable<{
  publisherId: string;
  suspended: boolean;
  /** Listings of the publisher whose `publisherSuspended` flag was set. */
  listingsUpdated: number;
}>()('setPublisherSuspended', setPublisherSuspendedInputSchema);

/** One review in the moderation queue (flagged, hidden or removed). */
export interface ModerationQueueItem {
  pluginId: string;
  pluginName: string;
  /** The public review id (what `moderateReview` takes). */
  reviewId: string;
  title: string;
  body: string;
  rating: number | null;
  authorName: string;
  status: 'published' | 'rejected' | 'hidden' | 'removed' | 'deleted';
  flagCount: number;
  /** The flagging organizations' reasons (empty ones left out). */
  reasons: string[];
  /** ISO 8601. */
  updatedAt: string;
}

export const listModerationQueueInputSchema = z.object({}).strict();

/** Marketplace administrators read the flagged, hidden and removed reviews, most recent first. */
export const listModerationQueue = defineCallable<{ items: ModerationQueueItem[]; truncated: boolean }>()(
  'listModerationQueue',
  listModerationQueueInputSchema,
);

/** A published signing key as the administrators' console shows it. */
export interface SigningKeySummary {
  keyId: string;
  status: 'active' | 'retired' | 'revoked';
  source: 'kms' | 'local';
  kmsKeyVersion: string | null;
  /** ISO 8601 dates (null when it did not happen). */
  createdAt: string | null;
  retiredAt: string | null;
  revokedAt: string | null;
  revocationReason: string | null;
  /** Versions whose signature names this key (a count aggregation over every plugin's versions). */
  versionsSigned: number;
}

export const listSigningKeysInputSchema = z.object({}).strict();

/** Marketplace administrators list the signing keys with how many versions each signed. */
export const listSigningKeys = defineCallable<{ keys: SigningKeySummary[] }>()(
  'listSigningKeys',
  listSigningKeysInputSchema,
);

export const rotateSigningKeyInputSchema = z.object({ reason: adminReasonSchema }).strict();

/**
 * Marketplace administrators rotate the signing key: a new key signs every later publish, the
 * previous one is retired (its signatures still verify).
 */
export const rotateSigningKey = defineCallable<{ keyId: string; retired: string[] }>()(
  'rotateSigningKey',
  rotateSigningKeyInputSchema,
);
