import type {
  CallableInput,
  createPublisher,
  createUpload,
  deprecate,
  retryUpload,
  setPublisherMember,
  updateListing,
  yankVersion,
} from '@mlebotics/shared';
import { call } from '../../../lib/functions';

/** Announces an upload: the server answers with its id and the Storage path to write. */
export const announceUpload = (input: CallableInput<typeof createUpload>) =>
  call<typeof createUpload>('createUpload', input);

/** Processes a stalled upload again. */
export const retry = (uploadId: string) => call<typeof retryUpload>('retryUpload', { uploadId });

/** Creates a publisher (a namespace for plugin ids) with the caller as its owner. */
export const createPublisherNamed = (input: CallableInput<typeof createPublisher>) =>
  call<typeof createPublisher>('createPublisher', input);

/** Invites a member to a publisher by email. */
export const invitePublisherMember = (input: CallableInput<typeof setPublisherMember>) =>
  call<typeof setPublisherMember>('setPublisherMember', input);

/** Yanks a version (hidden from new installs) or restores it. */
export const setYanked = (input: CallableInput<typeof yankVersion>) => call<typeof yankVersion>('yankVersion', input);

/** Deprecates a version or the whole plugin (`message: null` lifts it). */
export const markDeprecated = (input: CallableInput<typeof deprecate>) => call<typeof deprecate>('deprecate', input);

/** Saves a listing's summary, categories, visibility and pricing. */
export const saveListing = (input: CallableInput<typeof updateListing>) =>
  call<typeof updateListing>('updateListing', input);
