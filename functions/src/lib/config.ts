import { defineString } from 'firebase-functions/params';
import os from 'node:os';
import path from 'node:path';

/**
 * Configuration of the functions, in one place. Deployed values come from params
 * (`functions/dist/.env.<project>` or the deploy prompt); the emulator is detected here and
 * nowhere else.
 */
export const params = {
  /** `kms`, `local`, or `auto` (local in the emulator, kms in production). */
  signer: defineString('SIGNER', { default: 'auto', description: 'Signing backend: kms, local or auto' }),
  /** projects/…/locations/…/keyRings/…/cryptoKeys/…/cryptoKeyVersions/N */
  kmsKeyVersion: defineString('KMS_KEY_VERSION', {
    default: '',
    description: 'Cloud KMS key version used to sign plugins',
  }),
  localSigningKeyFile: defineString('LOCAL_SIGNING_KEY_FILE', {
    default: '',
    description: 'Emulator only: file holding the local signing key (generated on first use)',
  }),
};

export const isEmulator = (): boolean => process.env.FUNCTIONS_EMULATOR === 'true';

/** Whether this instance serves the named function (set by Cloud Functions and the emulator). */
export const servesFunction = (name: string): boolean => process.env.FUNCTION_TARGET === name;

/** Outside the repository, so the generated key can never be committed. */
export const defaultLocalKeyFile = (): string =>
  path.join(os.homedir(), '.config', 'mlebotics', 'emulator-signing-key.pem');

export const paymentParams = {
  /** `stripe`, `local`, or `auto` (local in the emulator, stripe in production). */
  provider: defineString('PAYMENTS', { default: 'auto', description: 'Payment provider: stripe, local or auto' }),
  localSecretFile: defineString('LOCAL_PAYMENTS_SECRET_FILE', {
    default: '',
    description: 'Emulator only: file holding the local payment provider secret (generated on first use)',
  }),
  /** Where Stripe Checkout returns the buyer (the console). */
  consoleUrl: defineString('CONSOLE_URL', { default: 'http://localhost:5000', description: 'Console base URL' }),
};

export const defaultLocalPaymentsSecretFile = (): string =>
  path.join(os.homedir(), '.config', 'mlebotics', 'emulator-payments-secret');
