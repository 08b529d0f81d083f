import * as z from 'zod/mini';
import { timestampSchema } from '../converter.js';
import { UPLOAD_STATES, validationIssueSchema } from './pieces.js';
import { storedScanSchema } from './moderation.js';

// Publishing ----------------------------------------------------------------------------------

export const uploadStateSchema = z.enum(UPLOAD_STATES);

/** `uploads/{uploadId}`: written only by functions; the developer's browser watches it. */
export const uploadDocSchema = z.strictObject({
  uploadId: z.string(),
  uid: z.string(),
  publisherId: z.string(),
  size: z.int(),
  sha256: z.string(),
  fileName: z.nullable(z.string()),
  objectPath: z.string(),
  state: uploadStateSchema,
  /** When each step was reached. */
  steps: z.partialRecord(uploadStateSchema, timestampSchema),
  errors: z.array(validationIssueSchema),
  /** The upload scan's result, once validation ran (blocked uploads are rejected with it). */
  scan: z._default(z.nullable(storedScanSchema), null),
  pluginId: z.nullable(z.string()),
  version: z.nullable(z.string()),
  /**
   * A development build for this organization instead of a published version (absent on older
   * uploads); `build` is its number once ready.
   */
  development: z._default(z.nullable(z.strictObject({ orgId: z.string(), build: z.nullable(z.int()) })), null),
  attempts: z.int(),
  /** The attempt that owns the upload, until when. */
  lease: z.nullable(z.strictObject({ token: z.string(), until: timestampSchema })),
  createdAt: timestampSchema,
  expiresAt: timestampSchema,
});

/** `idClaims/{skeleton}`: which plugin holds an id's look-alike skeleton. */
export const idClaimDocSchema = z.strictObject({
  pluginId: z.string(),
  publisherId: z.string(),
  createdAt: timestampSchema,
});

/** `publisherClaims/{key}`: which publisher holds an id's or display name's skeleton. */
export const publisherClaimDocSchema = z.strictObject({
  publisherId: z.string(),
  source: z.enum(['id', 'displayName']),
  createdAt: timestampSchema,
});

/** `artifactLocks/{pluginId}@{version}`: which upload may write an unpublished version's artifact. */
export const artifactLockDocSchema = z.strictObject({ uploadId: z.string(), lockedAt: timestampSchema });

/** `signingKeys/{keyId}`: a published signing key. */
export const signingKeyDocSchema = z.strictObject({
  keyId: z.string(),
  algorithm: z.literal('ECDSA_P256_SHA256'),
  publicKeyPem: z.string(),
  source: z.enum(['kms', 'local']),
  kmsKeyVersion: z.optional(z.string()),
  status: z.enum(['active', 'retired', 'revoked']),
  createdAt: timestampSchema,
  retiredAt: z.optional(timestampSchema),
  revokedAt: z.optional(timestampSchema),
  revokedBy: z.optional(z.string()),
  revocationReason: z.optional(z.string()),
});
