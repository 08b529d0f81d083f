import { completeTestCheckout as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import * as payments from '../revenue/payments.js';

export const completeTestCheckout = callable(contract, payments.completeTestCheckout);
