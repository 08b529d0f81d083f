import {
  objectPaths,
  type CallableParsedInput,
  type CreateUploadOutput,
  type createUpload as createUploadContract,
  type withdrawUpload as withdrawUploadContract,
  type WithdrawUploadOutput,
} from '@mlebotics/shared';
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { cols, docs } from '../lib/documents.js';
import type { CallContext } from '../lib/callable.js';
import { ApiError } from '../lib/errors.js';
import { suspendedMessage } from '../publishers/suspension.js';
import { assertTokenMayUpload } from '../publishers/tokens.js';
import { developmentRefusal } from './development.js';

export const UPLOAD_TTL_MS = 60 * 60 * 1000;
/** Uploads one developer may have announced and not yet sent. */
export const MAX_PENDING_UPLOADS_PER_USER = 20;
/** Uploads per publisher per hour. */
export const MAX_UPLOADS_PER_PUBLISHER_PER_HOUR = 120;

/**
 * Records an upload intent after checking that the caller may publish for the publisher and is
 * within quota; returns where to upload. The Storage trigger accepts only objects that match an
 * intent (same uploader, path, size and sha256).
 */
export async function createUpload(
  input: CallableParsedInput<typeof createUploadContract>,
  context: CallContext,
): Promise<CreateUploadOutput> {
  const publisher = (await docs.publisher(input.publisherId).get()).data();
  if (!publisher) {
    throw new ApiError(
      'not-found',
      `There is no publisher "${input.publisherId}". Create it first, or check the name.`,
    );
  }
  // A CI job's API token uploads for its own publisher only (it is no member of anything).
  if (context.publisherToken) {
    await assertTokenMayUpload(context.publisherToken, input.publisherId);
  } else if (!Object.hasOwn(publisher.members, context.uid)) {
    throw new ApiError(
      'permission-denied',
      `You are not a member of the publisher "${input.publisherId}"; ask one of its owners to add you.`,
    );
  }
  if (publisher.suspended) {
    throw new ApiError('publisher-suspended', suspendedMessage(input.publisherId, publisher.suspension?.reason));
  }
  if (input.development) {
    const { orgId } = input.development;
    const org = (await docs.org(orgId).get()).data();
    const refused = developmentRefusal(context.uid, input.publisherId, publisher, orgId, org);
    if (refused) throw new ApiError('permission-denied', refused);
  }
  const now = Date.now();
  const uploads = cols.uploads();
  const [pending, recent] = await Promise.all([
    uploads
      .where('uid', '==', context.uid)
      .where('state', '==', 'awaiting-upload')
      .where('expiresAt', '>', Timestamp.fromMillis(now))
      .count()
      .get(),
    uploads
      .where('publisherId', '==', input.publisherId)
      .where('createdAt', '>', Timestamp.fromMillis(now - 3_600_000))
      .count()
      .get(),
  ]);
  if (pending.data().count >= MAX_PENDING_UPLOADS_PER_USER) {
    throw new ApiError(
      'limit-exceeded',
      `You have ${pending.data().count} uploads announced but not sent; finish or let them expire (1 hour) before starting another.`,
    );
  }
  if (recent.data().count >= MAX_UPLOADS_PER_PUBLISHER_PER_HOUR) {
    throw new ApiError(
      'limit-exceeded',
      `The publisher "${input.publisherId}" reached ${MAX_UPLOADS_PER_PUBLISHER_PER_HOUR} uploads this hour; try again later.`,
    );
  }
  const ref = uploads.doc();
  const objectPath = objectPaths.upload(context.uid, ref.id);
  const expiresAt = Timestamp.fromMillis(now + UPLOAD_TTL_MS);
  await ref.create({
    uploadId: ref.id,
    uid: context.uid,
    publisherId: input.publisherId,
    size: input.size,
    sha256: input.sha256,
    fileName: input.fileName ?? null,
    objectPath,
    state: 'awaiting-upload',
    steps: { 'awaiting-upload': FieldValue.serverTimestamp() },
    errors: [],
    scan: null,
    pluginId: null,
    version: null,
    development: input.development ? { orgId: input.development.orgId, build: null } : null,
    attempts: 0,
    lease: null,
    createdAt: FieldValue.serverTimestamp(),
    expiresAt,
  });
  return { uploadId: ref.id, objectPath, expiresAt: expiresAt.toDate().toISOString() };
}

/**
 * Withdraws an upload its uploader announced and will not send: the intent is deleted, so it no
 * longer counts against the pending uploads and nothing of it stays in the history. Only while
 * it is still awaiting its file: the pipeline's claim and this run in transactions on the same
 * document, so a file that arrives after the withdrawal finds no intent and is deleted, and a
 * withdrawal after the file was claimed is refused.
 */
export async function withdrawUpload(
  input: CallableParsedInput<typeof withdrawUploadContract>,
  context: CallContext,
): Promise<WithdrawUploadOutput> {
  const ref = docs.upload(input.uploadId);
  await db.runTransaction(async (tx) => {
    const upload = (await tx.get(ref)).data();
    // Another person's upload reads as missing, as retryUpload answers.
    if (upload?.uid !== context.uid) throw new ApiError('not-found', `You have no upload ${input.uploadId}.`);
    if (upload.state !== 'awaiting-upload') {
      throw new ApiError(
        'upload-arrived',
        `The upload ${input.uploadId} cannot be withdrawn: its file has arrived and it is ${upload.state}. Follow it to its verdict.`,
      );
    }
    tx.delete(ref);
  });
  return { withdrawn: true };
}
