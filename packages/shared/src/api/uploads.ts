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

export const withdrawUploadInputSchema = z.object({ uploadId: generatedIdSchema }).strict();

export interface WithdrawUploadOutput {
  /** The announcement is gone: nothing will be processed for it, and it no longer counts as pending. */
  withdrawn: true;
}

/**
 * The uploader withdraws an upload it announced and will not send (the CLI announces while it
 * checks the package locally, and withdraws when the check fails). Only while the file has not
 * arrived: once it has, the pipeline has it.
 */
export const withdrawUpload = defineCallable<WithdrawUploadOutput>()('withdrawUpload', withdrawUploadInputSchema);
