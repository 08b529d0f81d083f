import { getEarnings as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as payments from '../revenue/payments.js';

export const getEarnings = callable(contract, payments.getEarnings);
