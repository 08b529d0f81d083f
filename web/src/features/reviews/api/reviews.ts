import {
  paths,
  type CallableInput,
  type moderateReview,
  type reactToReview,
  type replyToReview,
} from '@mlebotics/shared';
import { deleteDoc, doc, serverTimestamp, setDoc, updateDoc } from 'firebase/firestore';
import { db } from '../../../lib/firebase';
import { call } from '../../../lib/functions';

/** What the author writes; the server checks the install and publishes the public copy. */
export interface ReviewDraft {
  rating: number;
  title: string;
  body: string;
  version: string;
}

/** Writes the signed-in user's review of a plugin: a new one (with the organization) or an edit. */
export async function saveReview(pluginId: string, uid: string, draft: ReviewDraft, newInOrg?: string) {
  const ref = doc(db, paths.review(pluginId, uid));
  if (newInOrg === undefined) {
    await updateDoc(ref, { ...draft, updatedAt: serverTimestamp() });
  } else {
    await setDoc(ref, { ...draft, orgId: newInOrg, createdAt: serverTimestamp(), updatedAt: serverTimestamp() });
  }
}

/** Deletes the signed-in user's review of a plugin. */
export const deleteReview = (pluginId: string, uid: string) => deleteDoc(doc(db, paths.review(pluginId, uid)));

/** Marks a review helpful, or flags it, for the viewer's organization (or takes that back). */
export const reactTo = (input: CallableInput<typeof reactToReview>) =>
  call<typeof reactToReview>('reactToReview', input);

/** The publisher's reply to a review. */
export const reply = (input: CallableInput<typeof replyToReview>) => call<typeof replyToReview>('replyToReview', input);

/** A marketplace administrator's decision on a review hidden by flags. */
export const moderate = (input: CallableInput<typeof moderateReview>) =>
  call<typeof moderateReview>('moderateReview', input);
