import { setRevocation as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as admin from '../admin/kill-switch.js';

export const setRevocation = callable(contract, admin.setRevocation);
