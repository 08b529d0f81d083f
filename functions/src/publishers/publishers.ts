import {
  displayNameProblem,
  membershipFields,
  reservedNameReason,
  type CallableParsedInput,
  type createPublisher as createPublisherContract,
  type setPublisherMember as setPublisherMemberContract,
} from '@mlebotics/shared';
import { FieldValue } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { docs } from '../lib/documents.js';
import type { CallContext } from '../lib/callable.js';
import { invite } from '../invitations/invitations.js';
import { ApiError } from '../lib/errors.js';
import { requirePublisherMember } from '../lib/access.js';
import { leaveUpdate } from '../lib/membership.js';
import { checkPublisherClaims, writeClaims } from './claims.js';

/**
 * Creates a publisher and claims the skeletons of its id and display name, so that no later
 * publisher can take a look-alike of either (`uuavedrive` next to `wavedrive`, "B0tworks" next to
 * `botworks`). Reserved marketplace names are refused first, before anything is read.
 */
export async function createPublisher(
  input: CallableParsedInput<typeof createPublisherContract>,
  context: CallContext,
) {
  const { publisherId, displayName } = input;
  const reserved = reservedNameReason(publisherId);
  if (reserved) throw new ApiError('invalid-input', `The publisher id cannot be used: ${reserved}. Choose another id.`);
  // The name itself is not repeated: it may hold the invisible characters being refused.
  const nameProblem = displayNameProblem(displayName);
  if (nameProblem) throw new ApiError('invalid-input', `The display name cannot be used: ${nameProblem}.`);
  await db.runTransaction(async (tx) => {
    const ref = docs.publisher(publisherId);
    const existing = await tx.get(ref);
    if (existing.exists)
      throw new ApiError('already-exists', `The publisher id "${publisherId}" is taken; choose another.`);
    const claims = await checkPublisherClaims(tx, publisherId, displayName);
    tx.create(ref, {
      displayName,
      ...membershipFields([{ uid: context.uid, role: 'owner', email: context.email, name: context.name }]),
      verified: false,
      createdAt: FieldValue.serverTimestamp(),
      createdBy: context.uid,
    });
    writeClaims(tx, publisherId, claims);
  });
  return { publisherId };
}

/**
 * Owners manage members by email, without looking accounts up: an address that is not a
 * member's is invited (see invitations); a member's role is changed or they are removed. The
 * publisher keeps at least one owner.
 */
export async function setPublisherMember(
  input: CallableParsedInput<typeof setPublisherMemberContract>,
  context: CallContext,
) {
  return db.runTransaction(async (tx) => {
    const { publisher, ref } = await requirePublisherMember(tx, input.publisherId, context.uid, true);
    const members = publisher.members;
    const emails = publisher.memberEmails;
    const uid = Object.keys(emails).find(
      (id) => Object.hasOwn(members, id) && String(emails[id]).toLowerCase() === input.email,
    );
    if (!uid) {
      if (input.role === null) throw new ApiError('not-found', `${input.email} is not a member of this publisher.`);
      const invitation = invite(
        tx,
        { kind: 'publisher', id: input.publisherId, role: input.role },
        publisher.displayName,
        publisher.memberEmails,
        input.email,
        context,
      );
      return { status: 'invited' as const, ...invitation };
    }
    const owners = Object.entries(members).filter(
      ([id, role]) => role === 'owner' && !(id === uid && input.role !== 'owner'),
    );
    if (owners.length === 0) throw new ApiError('invalid-input', 'A publisher must keep at least one owner.');
    if (input.role === null) {
      tx.update(ref, leaveUpdate(uid));
      return { status: 'removed' as const };
    }
    tx.update(ref, { [`members.${uid}` as const]: input.role });
    return { status: 'updated' as const };
  });
}
