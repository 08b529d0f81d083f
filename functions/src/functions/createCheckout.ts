import { createCheckout as contract } from '@mlebotics/shared';
import { callable } from '../lib/callable.js';
import { isEmulator, stripeSecretKey } from '../lib/config.js';
import * as payments from '../revenue/payments.js';

/** Opens (or returns the open) checkout of a paid plugin; Stripe's key is bound in production. */
export const createCheckout = callable(contract, payments.createCheckout, {
  secrets: isEmulator() ? [] : [stripeSecretKey],
});
