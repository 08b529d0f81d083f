import {
  paths,
  type CallableInput,
  type moderateReview,
  type reactToReview,
  type replyToReview,
  type ReviewDoc,
} from '@mlebotics/shared';
import { deleteDoc, serverTimestamp, setDoc, updateDoc } from 'firebase/firestore';
import { typedDoc } from '../../../lib/firestore';
import { call } from '../../../lib/functions';

/** What the author writes; the server checks the install and publishes the public copy. */
export type ReviewDraft = Pick<ReviewDoc, 'rating' | 'title' | 'body' | 'version'>;

/** Writes the signed-in user's review of a plugin: a new one (with the organization) or an edit. */
export async function saveReview(pluginId: string, uid: string, draft: ReviewDraft, newInOrg?: string) {
  const ref = typedDoc('review', paths.review(pluginId, uid));
  if (newInOrg === undefined) {
    await updateDoc(ref, { ...draft, updatedAt: serverTimestamp() });
  } else {
    await setDoc(ref, { ...draft, orgId: newInOrg, createdAt: serverTimestamp(), updatedAt: serverTimestamp() });
  }
}

/** Deletes the signed-in user's review of a plugin. */
export const deleteReview = (pluginId: string, uid: string) =>
  deleteDoc(typedDoc('review', paths.review(pluginId, uid)));

/** Marks a review helpful, or flags it, for the viewer's organization (or takes that back). */
export const reactTo = (input: CallableInput<typeof reactToReview>) =>
  call<typeof reactToReview>('reactToReview', input);

/** The publisher's reply to a review. */
export const reply = (input: CallableInput<typeof replyToReview>) => call<typeof replyToReview>('replyToReview', input);

/** A marketplace administrator's decision on a review hidden by flags. */
export const moderate = (input: CallableInput<typeof moderateReview>) =>
  call<typeof moderateReview>('moderateReview', input);
