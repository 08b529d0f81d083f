import { z } from 'zod';
import { defineCallable } from './define.js';

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
