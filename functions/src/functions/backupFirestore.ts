import { logger } from 'firebase-functions';
import { defineString } from 'firebase-functions/params';
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { isEmulator } from '../lib/config.js';

/** Where the exports go: a bucket of its own, with a lifecycle rule that deletes old exports. */
const backupBucket = defineString('BACKUP_BUCKET', {
  default: '',
  description: 'Cloud Storage bucket for the daily Firestore exports (gs:// not included)',
});

/**
 * Every day at 03:00 UTC: a managed export of the whole Firestore database to
 * gs://BACKUP_BUCKET/firestore/<date>. The function's service account needs the Cloud Datastore
 * Import Export Admin role and write access to the bucket (runbook: docs/architecture.md,
 * "Backups"). The emulators have no managed export; `npm run drill` exercises export and
 * restore there.
 */
export const backupFirestore = onSchedule(
  { schedule: 'every day 03:00', timeZone: 'UTC', retryCount: 3, timeoutSeconds: 120 },
  async () => {
    if (isEmulator()) {
      logger.info('backupFirestore: no managed exports on the emulators (see npm run drill)');
      return;
    }
    const bucket = backupBucket.value();
    if (!bucket) throw new Error('BACKUP_BUCKET is not set: set it in functions/dist/.env.<project> and deploy.');
    const projectId = process.env.GCLOUD_PROJECT ?? process.env.GCP_PROJECT;
    if (!projectId) throw new Error('No project id in GCLOUD_PROJECT: cannot name the database to export.');
    // Loaded here: only this function needs the Admin API client.
    const { v1 } = await import('@google-cloud/firestore');
    const client = new v1.FirestoreAdminClient();
    const outputUriPrefix = `gs://${bucket}/firestore/${new Date().toISOString().slice(0, 10)}`;
    const [operation] = await client.exportDocuments({
      name: client.databasePath(projectId, '(default)'),
      outputUriPrefix,
      collectionIds: [],
    });
    logger.info('backupFirestore: export started', { operation: operation.name, outputUriPrefix });
  },
);
