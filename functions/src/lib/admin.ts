import { getApps, initializeApp } from 'firebase-admin/app';
import type * as AuthModule from 'firebase-admin/auth';
import { getFirestore } from 'firebase-admin/firestore';
import type * as StorageModule from 'firebase-admin/storage';
import { createRequire } from 'node:module';
import { retryClosedTransactions } from './closed-transactions.js';

// One Admin app per process; the emulator and production provide its configuration.
const app = getApps()[0] ?? initializeApp();
const require = createRequire(import.meta.url);

export const db = getFirestore(app);
retryClosedTransactions(db);

type Bucket = ReturnType<StorageModule.Storage['bucket']>;

// Storage and Auth load on first use (synchronously, they are CommonJS): most functions need
// neither, and each would add to every cold start.
let storageBucket: Bucket | undefined;
export const bucket = (): Bucket => {
  storageBucket ??= (require('firebase-admin/storage') as typeof StorageModule).getStorage(app).bucket();
  return storageBucket;
};

let authService: AuthModule.Auth | undefined;
export const auth = (): AuthModule.Auth => {
  authService ??= (require('firebase-admin/auth') as typeof AuthModule).getAuth(app);
  return authService;
};

/**
 * Options for transactions on documents many writers change at once: a listing's counters
 * (installs, ratings) and its derived fields, a review's vote and flag counts. The SDK's default
 * of five attempts (about 8 s of backoff) gives up under bursts that Firestore serializes with
 * contention aborts; ten attempts ride them out. Each such transaction is idempotent or reads
 * what it writes, so a retry never counts twice.
 */
export const CONTENDED = { maxAttempts: 10 } as const;
