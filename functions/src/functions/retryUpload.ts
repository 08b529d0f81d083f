import { paths, retryUpload as contract } from '@mlebotics/shared';
import { db } from '../lib/admin.js';
import { callable } from '../lib/callable.js';
import { ApiError } from '../lib/errors.js';
import { UploadBusy } from '../publish/pipeline.js';
import { recoverUpload } from '../publish/recovery.js';

export const retryUpload = callable(
  contract,
  async (input, context) => {
    const upload = await db.doc(paths.upload(input.uploadId)).get();
    if (!upload.exists || upload.get('uid') !== context.uid) {
      throw new ApiError('not-found', `You have no upload ${input.uploadId}.`);
    }
    try {
      return { outcome: await recoverUpload(input.uploadId) };
    } catch (error) {
      if (error instanceof UploadBusy)
        throw new ApiError('conflict', 'The upload is being processed right now; watch its progress.');
      throw error;
    }
  },
  { memory: '1GiB', timeoutSeconds: 300 },
);
