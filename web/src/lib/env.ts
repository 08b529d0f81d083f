import { z } from 'zod';

/**
 * The web app's configuration, from Vite's `import.meta.env` (VITE_* variables, see
 * web/.env.example), validated once. Nothing else reads import.meta.env.
 */
const envSchema = z.object({
  VITE_FIREBASE_PROJECT_ID: z.string().min(1).default('demo-mlebotics'),
  VITE_FIREBASE_API_KEY: z.string().min(1).default('demo-api-key'),
  VITE_FIREBASE_AUTH_DOMAIN: z.string().optional(),
  VITE_FIREBASE_STORAGE_BUCKET: z.string().optional(),
  VITE_FIREBASE_APP_ID: z.string().optional(),
  VITE_FUNCTIONS_REGION: z.string().default('us-central1'),
  /** "true" connects every SDK to the local emulators (always the case for demo- projects). */
  VITE_USE_EMULATORS: z.enum(['true', 'false']).optional(),
  VITE_EMULATOR_HOST: z.string().default('127.0.0.1'),
  /** Base URL of the plugin panel host: a different site from the console. */
  VITE_PANEL_ORIGIN: z.string().url().optional(),
});

const parsed = envSchema.safeParse(import.meta.env);
if (!parsed.success) {
  throw new Error(
    `Invalid web configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
  );
}
const raw = parsed.data;

export const env = {
  projectId: raw.VITE_FIREBASE_PROJECT_ID,
  apiKey: raw.VITE_FIREBASE_API_KEY,
  authDomain: raw.VITE_FIREBASE_AUTH_DOMAIN ?? `${raw.VITE_FIREBASE_PROJECT_ID}.firebaseapp.com`,
  storageBucket: raw.VITE_FIREBASE_STORAGE_BUCKET ?? `${raw.VITE_FIREBASE_PROJECT_ID}.appspot.com`,
  appId: raw.VITE_FIREBASE_APP_ID,
  functionsRegion: raw.VITE_FUNCTIONS_REGION,
  useEmulators: raw.VITE_USE_EMULATORS
    ? raw.VITE_USE_EMULATORS === 'true'
    : raw.VITE_FIREBASE_PROJECT_ID.startsWith('demo-'),
  emulatorHost: raw.VITE_EMULATOR_HOST,
  panelOrigin: raw.VITE_PANEL_ORIGIN,
} as const;
