import { revokeSigningKey as contract } from '@mlebotics/shared';
import * as keys from '../admin/signing-keys.js';
import { callable } from '../lib/callable.js';

export const revokeSigningKey = callable(contract, keys.revokeSigningKey);
