import { objectPaths, type CallableParsedInput, type retryUpload as retryUploadContract } from '@mlebotics/shared';
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import { bucket } from '../lib/admin.js';
import type { CallContext } from '../lib/callable.js';
import { cols, docs } from '../lib/documents.js';
import { ApiError } from '../lib/errors.js';
import { sweepDevelopmentObjects } from './development-sweep.js';
import { processUpload, UploadBusy, type ProcessOptions, type ProcessOutcome } from './pipeline.js';

/** How long an upload may sit without progress before a sweep re-drives it. */
export const STUCK_AFTER_MS = 5 * 60 * 1000;

/**
 * Re-drives one upload whose storage event was lost or whose processing died without a retry
 * (retries expire; the emulator never retries). Safe at any time: the pipeline's lease makes a
 * concurrent run wait. Returns what happened, or 'no-object' when the file never arrived.
 */
export async function recoverUpload(
  uploadId: string,
  options: ProcessOptions = {},
): Promise<ProcessOutcome | 'no-object'> {
  const upload = (await docs.upload(uploadId).get()).data();
  if (!upload) return 'deleted-unknown';
  const objectPath = upload.objectPath;
  const [metadata] = await bucket()
    .file(objectPath)
    .getMetadata()
    .catch(() => [undefined]);
  if (!metadata) return 'no-object';
  return processUpload({ name: objectPath, size: Number(metadata.size) }, options);
}

/**
 * The periodic sweep: expires intents whose file never came, re-drives uploads that made no
 * progress for STUCK_AFTER_MS, and removes development-build objects no build refers to.
 */
export async function sweepUploads(
  now = Date.now(),
  options: ProcessOptions = {},
): Promise<{ expired: number; recovered: number; orphansRemoved: number }> {
  const uploads = cols.uploads();
  let expired = 0;
  let recovered = 0;
  const stale = await uploads
    .where('state', '==', 'awaiting-upload')
    .where('expiresAt', '<', Timestamp.fromMillis(now))
    .limit(200)
    .get();
  for (const doc of stale.docs) {
    const [exists] = await bucket().file(objectPaths.upload(doc.data().uid, doc.id)).exists();
    if (exists) continue;
    await doc.ref.update({
      state: 'rejected',
      'steps.rejected': FieldValue.serverTimestamp(),
      errors: [{ code: 'upload-expired', message: 'The file never arrived within an hour of announcing the upload.' }],
    });
    expired++;
  }
  for (const state of ['awaiting-upload', 'received', 'validating', 'signing'] as const) {
    const stuck = await uploads
      .where('state', '==', state)
      .where('createdAt', '<', Timestamp.fromMillis(now - STUCK_AFTER_MS))
      .limit(100)
      .get();
    for (const doc of stuck.docs) {
      try {
        const outcome = await recoverUpload(doc.id, options);
        if (outcome !== 'no-object') recovered++;
      } catch (error) {
        logger.warn('Sweep could not recover an upload yet', { uploadId: doc.id, error: String(error) });
      }
    }
  }
  const orphansRemoved = await sweepDevelopmentObjects(now);
  return { expired, recovered, orphansRemoved };
}

/** The developer re-drives one of their uploads (a lost event, a crashed run). */
export async function retryUpload(input: CallableParsedInput<typeof retryUploadContract>, context: CallContext) {
  const upload = (await docs.upload(input.uploadId).get()).data();
  if (upload?.uid !== context.uid) throw new ApiError('not-found', `You have no upload ${input.uploadId}.`);
  try {
    return { outcome: await recoverUpload(input.uploadId) };
  } catch (error) {
    if (error instanceof UploadBusy)
      throw new ApiError('conflict', 'The upload is being processed right now; watch its progress.');
    throw error;
  }
}
