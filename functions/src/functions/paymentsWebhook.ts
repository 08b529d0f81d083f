import { onRequest } from 'firebase-functions/v2/https';
import { isEmulator, stripeSecretKey, stripeWebhookSecret } from '../lib/config.js';
import * as payments from '../revenue/payments.js';

/** The payment provider's webhook (Stripe in production; the local provider's in the emulator). */
export const paymentsWebhook = onRequest(
  // The emulator has no Secret Manager and pays through the local provider: no secrets there.
  { invoker: 'public', secrets: isEmulator() ? [] : [stripeSecretKey, stripeWebhookSecret] },
  payments.paymentsWebhook,
);
