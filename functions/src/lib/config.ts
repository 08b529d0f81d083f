import { defineSecret, defineString } from 'firebase-functions/params';
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

/**
 * Whether callables refuse requests without a valid App Check token: on in production, off on
 * the emulators (no attestation provider there). `APP_CHECK=enforce|off` overrides either way
 * (read when the functions load, like every deploy option; `functions/dist/.env.<project>`).
 */
export function appCheckEnforced(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.APP_CHECK === 'enforce') return true;
  if (env.APP_CHECK === 'off') return false;
  return env.FUNCTIONS_EMULATOR !== 'true';
}

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

/** UI panels: where they are served and who may frame them (see runtime/panels.ts). */
export const panelParams = {
  /** Where servePanel is reachable: a different site than the console (e.g. https://mlebotics-panels.web.app). */
  panelOrigin: defineString('PANEL_ORIGIN', { default: '', description: 'Origin serving plugin UI panels' }),
  /** The console's origins, the only ones allowed to frame panels. */
  consoleOrigins: defineString('CONSOLE_ORIGINS', {
    default: '',
    description: 'Space-separated console origins allowed to frame panels',
  }),
};

/** Operations: where the daily Firestore exports go (ops/backup.ts). */
export const backupParams = {
  /** A bucket of its own, with a lifecycle rule that deletes old exports (gs:// not included). */
  bucket: defineString('BACKUP_BUCKET', {
    default: '',
    description: 'Cloud Storage bucket for the daily Firestore exports (gs:// not included)',
  }),
};

/** Stripe's keys, from Secret Manager. */
export const stripeSecretKey = defineSecret('STRIPE_SECRET_KEY');
export const stripeWebhookSecret = defineSecret('STRIPE_WEBHOOK_SECRET');

/** The region every function is deployed to (the console and panels name it in URLs). */
export const REGION = 'us-central1';
