import { createCheckout as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { startCheckout } from '../revenue/payments.js';

export const createCheckout = callable(contract, startCheckout);
