import { setBlocklisted as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as admin from '../admin/blocklist.js';

export const setBlocklisted = callable(contract, admin.setBlocklisted);
