import { onSchedule } from 'firebase-functions/v2/scheduler';
import * as backup from '../ops/backup.js';

/** Every day at 03:00 UTC: a managed export of the whole Firestore database (ops/backup.ts). */
export const backupFirestore = onSchedule(
  { schedule: 'every day 03:00', timeZone: 'UTC', retryCount: 3, timeoutSeconds: 120 },
  () => backup.backupFirestore(),
);
