import { revokeSigningKey as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as keys from '../signing/keys.js';

export const revokeSigningKey = callable(contract, keys.revokeSigningKey);
