import { revokeSigningKey as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { ApiError } from '../lib/errors.js';
import { revokeKey } from '../signing/keys.js';

export const revokeSigningKey = callable(contract, async (input, context) => {
  if (!context.isAdmin)
    throw new ApiError('permission-denied', 'Only marketplace administrators can revoke signing keys.');
  if (!(await revokeKey(input.keyId, context.uid, input.reason))) {
    throw new ApiError('not-found', `There is no signing key ${input.keyId}.`);
  }
  return { keyId: input.keyId, status: 'revoked' as const };
});
