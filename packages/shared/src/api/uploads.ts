import { z } from 'zod';
import { generatedIdSchema } from './common.js';
import { defineCallable } from './define.js';

export const retryUploadInputSchema = z.object({ uploadId: generatedIdSchema }).strict();

export interface RetryUploadOutput {
  /** What the pipeline did: published, rejected, already-done, or no-object (the file never arrived). */
  outcome: string;
}

/** The uploader asks the pipeline to process an upload again when it seems stuck. */
export const retryUpload = defineCallable<RetryUploadOutput>()('retryUpload', retryUploadInputSchema);
