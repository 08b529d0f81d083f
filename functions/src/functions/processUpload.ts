import { onObjectFinalized } from 'firebase-functions/v2/storage';
import { processUpload as process } from '../publish/pipeline.js';

/**
 * The publish pipeline: runs for every object finalized in the default bucket. Retried on
 * failure (at-least-once); the pipeline is idempotent and guards on the path first, since the
 * function's own copies into registry/ trigger it too.
 */
export const processUpload = onObjectFinalized({ retry: true, memory: '1GiB', timeoutSeconds: 300 }, async (event) => {
  await process({ name: event.data.name, size: Number(event.data.size) });
});
