import {
  memberRole,
  membershipFields,
  paths,
  type CallableParsedInput,
  type OrgRole,
  type addOrgMember,
  type createOrg,
  type setOrgMemberRole,
  type updateOrgSettings,
} from '@mlebotics/shared';
import { FieldValue, type Transaction } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import type { CallContext } from '../lib/callable.js';
import { ApiError } from '../lib/errors.js';
import { leaveUpdate } from '../lib/membership.js';
import { invite } from '../invitations/invitations.js';

/** Owners and admins manage an organization; operators use what it installed. */
export const MANAGER_ROLES: readonly OrgRole[] = ['owner', 'admin'];

/** The caller's role in the organization, read in the transaction; throws when not a member. */
export async function requireOrgRole(
  tx: Transaction | undefined,
  orgId: string,
  uid: string,
  allowed: readonly OrgRole[],
) {
  const ref = db.doc(paths.org(orgId));
  const org = tx ? await tx.get(ref) : await ref.get();
  const role = memberRole<OrgRole>(org.get('members'), uid);
  if (!org.exists || !role) throw new ApiError('not-found', `You are not a member of an organization "${orgId}".`);
  if (!allowed.includes(role)) {
    throw new ApiError(
      'permission-denied',
      `This needs the ${allowed.join(' or ')} role in "${orgId}"; your role is ${role}.`,
    );
  }
  return { org, role };
}

export async function createOrganization(input: CallableParsedInput<typeof createOrg>, context: CallContext) {
  const ref = db.doc(paths.org(input.orgId));
  await db.runTransaction(async (tx) => {
    if ((await tx.get(ref)).exists)
      throw new ApiError('already-exists', `The organization id "${input.orgId}" is taken; choose another.`);
    tx.create(ref, {
      name: input.name,
      ...membershipFields([{ uid: context.uid, role: 'owner', email: context.email, name: context.name }]),
      settings: { internalOnly: false, blockedPublishers: [], allowedPublishers: [], maxRisk: 'high' },
      createdAt: FieldValue.serverTimestamp(),
      createdBy: context.uid,
    });
  });
  return { orgId: input.orgId };
}

/**
 * Invites someone by email (owners and admins; only owners invite owners). Nobody is added
 * without accepting, signed in with that email, verified; the answer is the same whether or not
 * an account uses the email.
 */
export async function addMember(input: CallableParsedInput<typeof addOrgMember>, context: CallContext) {
  return db.runTransaction(async (tx) => {
    const { org, role } = await requireOrgRole(tx, input.orgId, context.uid, MANAGER_ROLES);
    if (input.role === 'owner' && role !== 'owner')
      throw new ApiError('permission-denied', 'Only owners can invite owners.');
    return invite(tx, { kind: 'org', id: input.orgId }, org, input.role, input.email, context);
  });
}

export async function setMemberRole(input: CallableParsedInput<typeof setOrgMemberRole>, context: CallContext) {
  await db.runTransaction(async (tx) => {
    const { org, role } = await requireOrgRole(tx, input.orgId, context.uid, MANAGER_ROLES);
    const members = (org.get('members') ?? {}) as Record<string, OrgRole>;
    const current = memberRole<OrgRole>(members, input.uid);
    if (!current) throw new ApiError('not-found', `That account is not a member of "${input.orgId}".`);
    if ((current === 'owner' || input.role === 'owner') && role !== 'owner') {
      throw new ApiError('permission-denied', 'Only owners can make or unmake owners.');
    }
    const owners = Object.entries(members).filter(
      ([uid, r]) => r === 'owner' && !(uid === input.uid && input.role !== 'owner'),
    );
    if (owners.length === 0) throw new ApiError('invalid-input', 'An organization must keep at least one owner.');
    if (input.role === null) {
      tx.update(org.ref, leaveUpdate(input.uid));
    } else {
      tx.update(org.ref, { [`members.${input.uid}`]: input.role });
    }
  });
  return { ok: true as const };
}

export async function updateSettings(input: CallableParsedInput<typeof updateOrgSettings>, context: CallContext) {
  await db.runTransaction(async (tx) => {
    const { org } = await requireOrgRole(tx, input.orgId, context.uid, MANAGER_ROLES);
    tx.update(org.ref, { settings: input.settings });
    tx.create(db.collection(paths.auditLog(input.orgId)).doc(), {
      action: 'org.settings',
      uid: context.uid,
      settings: input.settings,
      at: FieldValue.serverTimestamp(),
    });
  });
  return { ok: true as const };
}
