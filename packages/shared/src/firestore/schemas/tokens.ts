import * as z from 'zod/mini';
import { timestampSchema } from '../converter.js';

// Publisher API tokens (functions/src/publishers/tokens.ts) -----------------------------------

/**
 * `publisherTokens/{tokenId}`: server-only (rules deny every client read and write). The secret
 * is kept only as its sha256; owners see the rest through `listPublisherTokens`.
 */
export const publisherTokenDocSchema = z.strictObject({
  tokenId: z.string(),
  publisherId: z.string(),
  name: z.string(),
  /** Hex sha256 of the secret part of the token, compared in constant time. */
  secretSha256: z.string(),
  createdBy: z.string(),
  createdByEmail: z.nullable(z.string()),
  createdAt: timestampSchema,
  expiresAt: timestampSchema,
  lastUsedAt: z.nullable(timestampSchema),
  revokedAt: z.nullable(timestampSchema),
  revokedBy: z.nullable(z.string()),
  revokedByEmail: z.nullable(z.string()),
});
