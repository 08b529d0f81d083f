import { getApps, initializeApp, type App } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import type { DocumentConverter } from '@mlebotics/shared';
import { getFirestore, type DocumentData, type DocumentReference } from 'firebase-admin/firestore';
import { getStorage } from 'firebase-admin/storage';
import { PROJECT_ID, STORAGE_BUCKET, useEmulatorEnv } from './emulators.js';

useEmulatorEnv();

const app: App =
  getApps().find((a) => a.name === 'tests') ??
  initializeApp({ projectId: PROJECT_ID, storageBucket: STORAGE_BUCKET }, 'tests');

/** Admin SDK handles for seeding and inspecting the emulators (they bypass security rules). */
export const admin = {
  app,
  db: getFirestore(app),
  auth: getAuth(app),
  bucket: () => getStorage(app).bucket(STORAGE_BUCKET),
};

/**
 * A typed Admin reference through a document's converter (`converters.plugin`, …): reads parse
 * with the document's schema, and writes are typed by it.
 */
export function adminDoc<T extends DocumentData>(
  converter: DocumentConverter<T>,
  path: string,
): DocumentReference<T, T> {
  return admin.db.doc(path).withConverter<T, T>(converter);
}

export interface TestUser {
  uid: string;
  email: string;
  password: string;
}

/** Creates an email/password account in the Auth emulator (email verified unless told otherwise). */
export async function createUser(
  email: string,
  options: { password?: string; admin?: boolean; displayName?: string; emailVerified?: boolean } = {},
): Promise<TestUser> {
  const password = options.password ?? 'password123';
  const record = await admin.auth.createUser({
    email,
    password,
    displayName: options.displayName ?? email.split('@')[0],
    // Verified unless a test says otherwise: invitations need a verified address.
    emailVerified: options.emailVerified ?? true,
  });
  if (options.admin) await admin.auth.setCustomUserClaims(record.uid, { admin: true });
  return { uid: record.uid, email, password };
}
