import { initializeApp } from 'firebase/app';
import { connectAuthEmulator, getAuth } from 'firebase/auth';
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

export const auth = getAuth(app);
export const db = getFirestore(app);

if (env.useEmulators) {
  connectAuthEmulator(auth, `http://${env.emulatorHost}:${__EMULATOR_PORTS__.auth}`, { disableWarnings: true });
  connectFirestoreEmulator(db, env.emulatorHost, __EMULATOR_PORTS__.firestore);
}

export const emulatorBase = (service: keyof typeof __EMULATOR_PORTS__): string =>
  `http://${env.emulatorHost}:${__EMULATOR_PORTS__[service]}`;
