import { z } from 'zod';
import { defineCallable } from './define.js';
import { pluginIdSchema, versionSchema } from './installs.js';

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

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 digest: 64 lowercase hexadecimal characters');

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
