import {
  INVITATION_DAYS,
  memberRole,
  paths,
  type CallableParsedInput,
  type InvitationDoc,
  type InvitationOutput,
  type OrgRole,
  type respondToInvitation,
  type revokeInvitation,
} from '@mlebotics/shared';
import { FieldValue, Timestamp, type DocumentSnapshot, type Transaction } from 'firebase-admin/firestore';
import { createHash } from 'node:crypto';
import { db } from '../lib/admin.js';
import type { CallContext } from '../lib/callable.js';
import { ApiError } from '../lib/errors.js';
import { joinUpdate } from '../lib/membership.js';

export type InvitationTarget = { kind: 'org'; id: string } | { kind: 'publisher'; id: string };

const targetPath = (target: InvitationTarget) =>
  target.kind === 'org' ? paths.org(target.id) : paths.publisher(target.id);

/** One invitation per target and email: inviting again refreshes it (role, expiry). */
export function invitationId(target: InvitationTarget, email: string): string {
  return createHash('sha256')
    .update(`${target.kind}\u0000${target.id}\u0000${email.toLowerCase()}`)
    .digest('hex')
    .slice(0, 32);
}

/** Whether `email` already belongs to a member of the target (from the emails members joined with). */
function isMemberEmail(target: DocumentSnapshot, email: string): boolean {
  const emails = (target.get('memberEmails') ?? {}) as Record<string, unknown>;
  return Object.values(emails).some((e) => typeof e === 'string' && e.toLowerCase() === email.toLowerCase());
}

/**
 * Records (or refreshes) an invitation in the caller's transaction, after the caller's right was
 * checked. Says the same whether or not an account uses the email: nothing is looked up.
 */
export function invite(
  tx: Transaction,
  target: InvitationTarget,
  targetDoc: DocumentSnapshot,
  role: string,
  email: string,
  context: CallContext,
): InvitationOutput {
  const name = String(targetDoc.get(target.kind === 'org' ? 'name' : 'displayName') ?? target.id);
  if (isMemberEmail(targetDoc, email)) {
    throw new ApiError(
      'already-exists',
      `${email} is already a member of ${name}; change their role in the member list instead.`,
    );
  }
  const id = invitationId(target, email);
  const expiresAt = Timestamp.fromMillis(Date.now() + INVITATION_DAYS * 86_400_000);
  const doc: InvitationDoc<FieldValue | Timestamp> = {
    kind: target.kind,
    targetId: target.id,
    targetName: name,
    role,
    email: email.toLowerCase(),
    invitedBy: { uid: context.uid, name: context.name ?? context.email ?? 'a manager' },
    status: 'pending',
    createdAt: FieldValue.serverTimestamp(),
    expiresAt,
  };
  tx.set(db.doc(paths.invitation(id)), doc);
  return { invitationId: id, email: email.toLowerCase(), expiresAt: expiresAt.toDate().toISOString() };
}

/**
 * The invitee answers. Accepting needs the caller signed in with the invited email, verified by
 * the identity provider; the membership records that verified identity. A member invited again
 * keeps their role (an invitation never demotes anyone, so it can never leave a target without
 * an owner).
 */
export async function respond(input: CallableParsedInput<typeof respondToInvitation>, context: CallContext) {
  const ref = db.doc(paths.invitation(input.invitationId));
  return db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    const invitation = snap.data() as InvitationDoc<Timestamp> | undefined;
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
    const targetRef = db.doc(targetPath(target));
    const targetDoc = await tx.get(targetRef);
    if (!targetDoc.exists) throw new ApiError('not-found', `${invitation.targetName} no longer exists.`);
    const current = memberRole<string>(targetDoc.get('members'), context.uid);
    const role = current ?? invitation.role;
    if (!current) {
      tx.update(targetRef, joinUpdate({ uid: context.uid, role: invitation.role, email, name: context.name }));
    }
    tx.update(ref, {
      status: 'accepted',
      acceptedBy: { uid: context.uid, email, at: FieldValue.serverTimestamp() },
    });
    return { status: 'accepted' as const, kind: target.kind, targetId: target.id, role };
  });
}

/** Withdraws a pending invitation; `authorize` checks the caller's right over the target. */
export async function revoke(
  input: CallableParsedInput<typeof revokeInvitation>,
  context: CallContext,
  authorize: (tx: Transaction, target: InvitationTarget, uid: string) => Promise<unknown>,
) {
  const ref = db.doc(paths.invitation(input.invitationId));
  await db.runTransaction(async (tx) => {
    const invitation = (await tx.get(ref)).data() as InvitationDoc | undefined;
    if (!invitation) throw new ApiError('not-found', 'There is no such invitation.');
    await authorize(tx, { kind: invitation.kind, id: invitation.targetId }, context.uid);
    if (invitation.status === 'pending')
      tx.update(ref, { status: 'revoked', answeredAt: FieldValue.serverTimestamp() });
  });
  return { ok: true as const };
}

export type { OrgRole };
