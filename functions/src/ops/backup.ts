import { logger } from 'firebase-functions';
import { backupParams, isEmulator } from '../lib/config.js';

/** Where one day's export goes, or why it cannot go anywhere (what is missing and how to set it). */
export function exportDestination(
  bucket: string,
  projectId: string | undefined,
  now: Date,
): { database: { projectId: string; databaseId: string }; outputUriPrefix: string } {
  if (!bucket) throw new Error('BACKUP_BUCKET is not set: set it in functions/dist/.env.<project> and deploy.');
  if (!projectId) throw new Error('No project id in GCLOUD_PROJECT: cannot name the database to export.');
  return {
    database: { projectId, databaseId: '(default)' },
    outputUriPrefix: `gs://${bucket}/firestore/${now.toISOString().slice(0, 10)}`,
  };
}

/**
 * Starts a managed export of the whole Firestore database to gs://BACKUP_BUCKET/firestore/<date>.
 * The service account needs the Cloud Datastore Import Export Admin role and write access to the
 * bucket (runbook: docs/architecture.md, "Backups"). The emulators have no managed export;
 * `npm run drill` exercises export and restore there.
 */
export async function backupFirestore(now = new Date()): Promise<void> {
  if (isEmulator()) {
    logger.info('backupFirestore: no managed exports on the emulators (see npm run drill)');
    return;
  }
  const { database, outputUriPrefix } = exportDestination(
    backupParams.bucket.value(),
    process.env.GCLOUD_PROJECT ?? process.env.GCP_PROJECT,
    now,
  );
  // Loaded here: only this function needs the Admin API client.
  const { v1 } = await import('@google-cloud/firestore');
  const client = new v1.FirestoreAdminClient();
  const [operation] = await client.exportDocuments({
    name: client.databasePath(database.projectId, database.databaseId),
    outputUriPrefix,
    collectionIds: [],
  });
  logger.info('backupFirestore: export started', { operation: operation.name, outputUriPrefix });
}
