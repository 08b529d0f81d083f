import type { CallableInput, completeTestCheckout, createCheckout, getEarnings } from '@mlebotics/shared';
import { call } from '../../../lib/functions';

/** Opens a checkout for an organization: a Stripe Checkout URL, or a test-mode checkout id. */
export const createCheckoutFor = (input: CallableInput<typeof createCheckout>) =>
  call<typeof createCheckout>('createCheckout', input);

/** Completes a test-mode checkout (no payment network: the emulator). */
export const completeTestPurchase = (checkoutId: string) =>
  call<typeof completeTestCheckout>('completeTestCheckout', { checkoutId });

/** A publisher's earnings rows. */
export const fetchEarnings = (publisherId: string) => call<typeof getEarnings>('getEarnings', { publisherId });
