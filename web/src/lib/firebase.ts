import { initializeApp } from 'firebase/app';
import { browserLocalPersistence, connectAuthEmulator, indexedDBLocalPersistence, initializeAuth } from 'firebase/auth';
import { connectFirestoreEmulator, getFirestore } from 'firebase/firestore';
import { env } from './env';

const config = {
  projectId: env.projectId,
  apiKey: env.apiKey,
  authDomain: env.authDomain,
  storageBucket: env.storageBucket,
  ...(env.appId ? { appId: env.appId } : {}),
};

/** The Firebase app of the console (the user's account), wired to the emulators for demo- projects. */
export const app = initializeApp(config);

// initializeAuth rather than getAuth: getAuth also bundles the popup/redirect machinery, which
// only the sign-in page needs (it loads it on demand: features/auth/SignInPage.tsx).
export const auth = initializeAuth(app, { persistence: [browserLocalPersistence, indexedDBLocalPersistence] });
export const db = getFirestore(app);

/**
 * A second Firestore client, without the user's credentials, for what anyone may read: the
 * public catalogue's listings and statistics. It connects at once, while Auth restores the
 * session; the client above waits for that first (Auth also checks the account with the server
 * before it answers), which delayed the catalogue's first results by that much.
 */
export const publicDb = getFirestore(initializeApp(config, 'public-catalogue'));

if (env.useEmulators) {
  connectAuthEmulator(auth, `http://${env.emulatorHost}:${__EMULATOR_PORTS__.auth}`, { disableWarnings: true });
  connectFirestoreEmulator(db, env.emulatorHost, __EMULATOR_PORTS__.firestore);
  connectFirestoreEmulator(publicDb, env.emulatorHost, __EMULATOR_PORTS__.firestore);
}

export const emulatorBase = (service: keyof typeof __EMULATOR_PORTS__): string =>
  `http://${env.emulatorHost}:${__EMULATOR_PORTS__[service]}`;
