import {
  collections,
  displayNameProblem,
  paths,
  reservedNameReason,
  type CallableParsedInput,
  type createPublisher,
  type setPublisherMember,
  type setPublisherVerified,
} from '@mlebotics/shared';
import { FieldValue, type Transaction } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import type { CallContext } from '../lib/callable.js';
import { accountByEmail } from '../lib/accounts.js';
import { ApiError } from '../lib/errors.js';
import { checkPublisherClaims, writeClaims } from './claims.js';

/** The caller's role in a publisher (read in the transaction when given); throws when not a member. */
export async function requirePublisherMember(
  tx: Transaction | undefined,
  publisherId: string,
  uid: string,
  owner = false,
) {
  const ref = db.doc(paths.publisher(publisherId));
  const publisher = tx ? await tx.get(ref) : await ref.get();
  const role = publisher.get(`members.${uid}`) as 'owner' | 'member' | undefined;
  if (!publisher.exists || !role)
    throw new ApiError('permission-denied', `You are not a member of the publisher "${publisherId}".`);
  if (owner && role !== 'owner')
    throw new ApiError('permission-denied', `Only owners of "${publisherId}" can do this.`);
  return { publisher, role };
}

/**
 * Creates a publisher and claims the skeletons of its id and display name, so that no later
 * publisher can take a look-alike of either (`uuavedrive` next to `wavedrive`, "B0tworks" next to
 * `botworks`). Reserved marketplace names are refused first, before anything is read.
 */
export async function createPublisherNamespace(
  input: CallableParsedInput<typeof createPublisher>,
  context: CallContext,
) {
  const { publisherId, displayName } = input;
  const reserved = reservedNameReason(publisherId);
  if (reserved) throw new ApiError('invalid-input', `The publisher id cannot be used: ${reserved}. Choose another id.`);
  // The name itself is not repeated: it may hold the invisible characters being refused.
  const nameProblem = displayNameProblem(displayName);
  if (nameProblem) throw new ApiError('invalid-input', `The display name cannot be used: ${nameProblem}.`);
  await db.runTransaction(async (tx) => {
    const ref = db.doc(paths.publisher(publisherId));
    const existing = await tx.get(ref);
    if (existing.exists)
      throw new ApiError('already-exists', `The publisher id "${publisherId}" is taken; choose another.`);
    const claims = await checkPublisherClaims(tx, publisherId, displayName);
    tx.create(ref, {
      displayName,
      members: { [context.uid]: 'owner' },
      memberIds: [context.uid],
      memberEmails: { [context.uid]: context.email },
      verified: false,
      createdAt: FieldValue.serverTimestamp(),
      createdBy: context.uid,
    });
    writeClaims(tx, publisherId, claims);
  });
  return { publisherId };
}

export async function setMember(input: CallableParsedInput<typeof setPublisherMember>, context: CallContext) {
  // The caller's right first: otherwise anyone could probe which emails have accounts.
  await requirePublisherMember(undefined, input.publisherId, context.uid, true);
  const user = await accountByEmail(input.email);
  await db.runTransaction(async (tx) => {
    const { publisher } = await requirePublisherMember(tx, input.publisherId, context.uid, true);
    const members = (publisher.get('members') ?? {}) as Record<string, string>;
    const owners = Object.entries(members).filter(
      ([uid, role]) => role === 'owner' && !(uid === user.uid && input.role !== 'owner'),
    );
    if (owners.length === 0) throw new ApiError('invalid-input', 'A publisher must keep at least one owner.');
    if (input.role === null) {
      tx.update(publisher.ref, {
        [`members.${user.uid}`]: FieldValue.delete(),
        [`memberEmails.${user.uid}`]: FieldValue.delete(),
        memberIds: FieldValue.arrayRemove(user.uid),
      });
    } else {
      tx.update(publisher.ref, {
        [`members.${user.uid}`]: input.role,
        [`memberEmails.${user.uid}`]: input.email,
        memberIds: FieldValue.arrayUnion(user.uid),
      });
    }
  });
  return { uid: user.uid };
}

/** Sets the verified flag and copies it onto every listing of the publisher (its badge). */
export async function setVerified(input: CallableParsedInput<typeof setPublisherVerified>, context: CallContext) {
  if (!context.isAdmin) throw new ApiError('permission-denied', 'Only marketplace administrators verify publishers.');
  const ref = db.doc(paths.publisher(input.publisherId));
  if (!(await ref.get()).exists) throw new ApiError('not-found', `There is no publisher "${input.publisherId}".`);
  await ref.update({ verified: input.verified, verifiedAt: FieldValue.serverTimestamp(), verifiedBy: context.uid });
  const listings = await db
    .collection(collections.plugins)
    .where('publisherId', '==', input.publisherId)
    .select()
    .get();
  const writer = db.bulkWriter();
  for (const listing of listings.docs) void writer.update(listing.ref, { publisherVerified: input.verified });
  await writer.close();
  return { publisherId: input.publisherId, verified: input.verified, listingsUpdated: listings.size };
}
