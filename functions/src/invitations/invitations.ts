import {
  INVITATION_DAYS,
  memberRole,
  type CallableParsedInput,
  type InvitationOutput,
  type OrgRole,
  type PublisherRole,
  type respondToInvitation as respondToInvitationContract,
  type revokeInvitation as revokeInvitationContract,
} from '@mlebotics/shared';
import { FieldValue, Timestamp, type Transaction } from 'firebase-admin/firestore';
import { createHash } from 'node:crypto';
import { MANAGER_ROLES, requireOrgRole, requirePublisherMember } from '../lib/access.js';
import { db } from '../lib/admin.js';
import { docs } from '../lib/documents.js';
import type { CallContext } from '../lib/callable.js';
import { ApiError } from '../lib/errors.js';
import { joinUpdate } from '../lib/membership.js';

export type InvitationTarget = { kind: 'org'; id: string } | { kind: 'publisher'; id: string };
/** A target with the role the invitee is offered in it. */
export type InvitationOffer =
  { kind: 'org'; id: string; role: OrgRole } | { kind: 'publisher'; id: string; role: PublisherRole };

/** One invitation per target and email: inviting again refreshes it (role, expiry). */
export function invitationId(target: InvitationTarget, email: string): string {
  return createHash('sha256')
    .update(`${target.kind}\u0000${target.id}\u0000${email.toLowerCase()}`)
    .digest('hex')
    .slice(0, 32);
}

/** Whether `email` already belongs to a member of the target (from the emails members joined with). */
function isMemberEmail(memberEmails: Record<string, string | null>, email: string): boolean {
  return Object.values(memberEmails).some((e) => typeof e === 'string' && e.toLowerCase() === email.toLowerCase());
}

/**
 * Records (or refreshes) an invitation in the caller's transaction, after the caller's right was
 * checked. Says the same whether or not an account uses the email: nothing is looked up.
 */
export function invite(
  tx: Transaction,
  target: InvitationOffer,
  name: string,
  memberEmails: Record<string, string | null>,
  email: string,
  context: CallContext,
): InvitationOutput {
  if (isMemberEmail(memberEmails, email)) {
    throw new ApiError(
      'already-exists',
      `${email} is already a member of ${name}; change their role in the member list instead.`,
    );
  }
  const id = invitationId(target, email);
  const expiresAt = Timestamp.fromMillis(Date.now() + INVITATION_DAYS * 86_400_000);
  const common = {
    targetId: target.id,
    targetName: name,
    email: email.toLowerCase(),
    invitedBy: { uid: context.uid, name: context.name ?? context.email ?? 'a manager' },
    status: 'pending' as const,
    createdAt: FieldValue.serverTimestamp(),
    expiresAt,
  };
  tx.set(
    docs.invitation(id),
    target.kind === 'org'
      ? { kind: 'org', role: target.role, ...common }
      : { kind: 'publisher', role: target.role, ...common },
  );
  return { invitationId: id, email: email.toLowerCase(), expiresAt: expiresAt.toDate().toISOString() };
}

/**
 * The invitee answers. Accepting needs the caller signed in with the invited email, verified by
 * the identity provider; the membership records that verified identity. A member invited again
 * keeps their role (an invitation never demotes anyone, so it can never leave a target without
 * an owner).
 */
export async function respondToInvitation(
  input: CallableParsedInput<typeof respondToInvitationContract>,
  context: CallContext,
) {
  const ref = docs.invitation(input.invitationId);
  return db.runTransaction(async (tx) => {
    const invitation = (await tx.get(ref)).data();
    const email = context.email?.toLowerCase();
    // The same answer for a missing invitation and someone else's: ids reveal nothing.
    if (!invitation || !email || invitation.email !== email) {
      throw new ApiError('not-found', 'There is no invitation for your email address with that id.');
    }
    if (invitation.status !== 'pending') {
      throw new ApiError('already-exists', `This invitation was already ${invitation.status}.`);
    }
    if (invitation.expiresAt.toMillis() < Date.now()) {
      throw new ApiError('not-found', 'This invitation has expired; ask for a new one.');
    }
    const target: InvitationTarget = { kind: invitation.kind, id: invitation.targetId };
    if (!input.accept) {
      tx.update(ref, { status: 'declined', answeredAt: FieldValue.serverTimestamp() });
      return { status: 'declined' as const, kind: target.kind, targetId: target.id, role: invitation.role };
    }
    if (!context.emailVerified) {
      throw new ApiError(
        'permission-denied',
        `Verify ${email} first (use the link in the verification email), then accept the invitation.`,
        { needs: 'verified-email' },
      );
    }
    const member = { uid: context.uid, email, name: context.name };
    let role: string;
    if (invitation.kind === 'org') {
      const targetRef = docs.org(invitation.targetId);
      const org = (await tx.get(targetRef)).data();
      if (!org) throw new ApiError('not-found', `${invitation.targetName} no longer exists.`);
      const current = memberRole<OrgRole>(org.members, context.uid);
      role = current ?? invitation.role;
      if (!current) tx.update(targetRef, joinUpdate({ ...member, role: invitation.role }));
    } else {
      const targetRef = docs.publisher(invitation.targetId);
      const publisher = (await tx.get(targetRef)).data();
      if (!publisher) throw new ApiError('not-found', `${invitation.targetName} no longer exists.`);
      const current = memberRole<PublisherRole>(publisher.members, context.uid);
      role = current ?? invitation.role;
      if (!current) tx.update(targetRef, joinUpdate({ ...member, role: invitation.role }));
    }
    tx.update(ref, {
      status: 'accepted',
      acceptedBy: { uid: context.uid, email, at: FieldValue.serverTimestamp() },
    });
    return { status: 'accepted' as const, kind: target.kind, targetId: target.id, role };
  });
}

/** Withdraws a pending invitation, for the target's managers. */
export async function revokeInvitation(
  input: CallableParsedInput<typeof revokeInvitationContract>,
  context: CallContext,
) {
  const ref = docs.invitation(input.invitationId);
  await db.runTransaction(async (tx) => {
    const invitation = (await tx.get(ref)).data();
    if (!invitation) throw new ApiError('not-found', 'There is no such invitation.');
    // Managers of the organization (or owners of the publisher) withdraw its invitations.
    if (invitation.kind === 'org') await requireOrgRole(tx, invitation.targetId, context.uid, MANAGER_ROLES);
    else await requirePublisherMember(tx, invitation.targetId, context.uid, true);
    if (invitation.status === 'pending')
      tx.update(ref, { status: 'revoked', answeredAt: FieldValue.serverTimestamp() });
  });
  return { ok: true as const };
}

export type { OrgRole };
