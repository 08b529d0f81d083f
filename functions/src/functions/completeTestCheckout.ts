import { completeTestCheckout as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { completeCheckoutNow } from '../revenue/payments.js';

export const completeTestCheckout = callable(contract, completeCheckoutNow);
