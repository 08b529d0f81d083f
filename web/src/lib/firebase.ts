import { initializeApp } from 'firebase/app';
import { browserLocalPersistence, connectAuthEmulator, indexedDBLocalPersistence, initializeAuth } from 'firebase/auth';
import { connectFirestoreEmulator, getFirestore } from 'firebase/firestore';
import { env } from './env';

/** The one Firebase app of the console, wired to the emulators for demo- projects. */
export const app = initializeApp({
  projectId: env.projectId,
  apiKey: env.apiKey,
  authDomain: env.authDomain,
  storageBucket: env.storageBucket,
  ...(env.appId ? { appId: env.appId } : {}),
});

// initializeAuth rather than getAuth: getAuth also bundles the popup/redirect machinery, which
// only the sign-in page needs (it loads it on demand: features/auth/SignInPage.tsx).
export const auth = initializeAuth(app, { persistence: [browserLocalPersistence, indexedDBLocalPersistence] });
export const db = getFirestore(app);

if (env.useEmulators) {
  connectAuthEmulator(auth, `http://${env.emulatorHost}:${__EMULATOR_PORTS__.auth}`, { disableWarnings: true });
  connectFirestoreEmulator(db, env.emulatorHost, __EMULATOR_PORTS__.firestore);
}

export const emulatorBase = (service: keyof typeof __EMULATOR_PORTS__): string =>
  `http://${env.emulatorHost}:${__EMULATOR_PORTS__[service]}`;
