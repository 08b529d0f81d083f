import { logger } from 'firebase-functions';
import { onObjectFinalized } from 'firebase-functions/v2/storage';
import { processUpload as process, UploadBusy } from '../publish/pipeline.js';

/**
 * The publish pipeline: runs for every object finalized in the default bucket. Retried on
 * failure (at-least-once); the pipeline is idempotent and guards on the path first, since the
 * function's own copies into registry/ trigger it too.
 */
export const processUpload = onObjectFinalized({ retry: true, memory: '1GiB', timeoutSeconds: 300 }, async (event) => {
  try {
    await process({ name: event.data.name, size: Number(event.data.size) });
  } catch (error) {
    // Thrown errors make the platform retry the event; say why in the log.
    if (error instanceof UploadBusy)
      logger.info('Upload busy; the event will be retried', { object: event.data.name, reason: error.message });
    else
      logger.error('Processing the upload failed; the event will be retried', {
        object: event.data.name,
        error: String(error),
        stack: (error as Error).stack,
      });
    throw error;
  }
});
