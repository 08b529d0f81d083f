import { z } from 'zod';
import { PUBLISHER_ID } from '../id-patterns.js';
import { DEFAULT_LIMITS } from '../limits.js';
import { defineCallable } from './define.js';
import { orgIdSchema } from './orgs.js';

export const publisherIdSchema = z
  .string()
  .regex(PUBLISHER_ID, 'must be 2–40 lowercase letters, digits and single hyphens');

export const createUploadInputSchema = z
  .object({
    publisherId: publisherIdSchema,
    /** Size of the .tgz in bytes. */
    size: z
      .number()
      .int()
      .positive('must be more than 0 bytes')
      .max(DEFAULT_LIMITS.maxCompressedBytes, `must be at most ${DEFAULT_LIMITS.maxCompressedBytes} bytes (25 MiB)`),
    /** sha256 of the .tgz, lowercase hex. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the lowercase hex sha256 of the package'),
    /** The file name shown in the developer's upload history. */
    fileName: z.string().max(200).optional(),
    /**
     * A development build for this organization instead of a published version: the caller must
     * be a member of the publisher and an owner of the organization. Never listed, no version spent.
     */
    development: z.object({ orgId: orgIdSchema }).strict().optional(),
  })
  .strict();

export interface CreateUploadOutput {
  uploadId: string;
  /** Where to upload the package in Cloud Storage. */
  objectPath: string;
  /** ISO 8601: the upload must arrive before this. */
  expiresAt: string;
}

export const createUpload = defineCallable<CreateUploadOutput>()('createUpload', createUploadInputSchema);

export { UPLOAD_STATES, type UploadState } from '../firestore/schemas.js';
