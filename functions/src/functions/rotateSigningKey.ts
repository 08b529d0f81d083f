import { rotateSigningKey as contract } from '@mlebotics/shared';
import * as admin from '../admin/signing-keys.js';
import { callable } from '../lib/callable.js';

export const rotateSigningKey = callable(contract, admin.rotateSigningKey);
