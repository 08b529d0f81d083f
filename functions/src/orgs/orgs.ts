import {
  memberRole,
  membershipFields,
  type CallableParsedInput,
  type OrgRole,
  type addOrgMember as addOrgMemberContract,
  type createOrg as createOrgContract,
  type setOrgMemberRole as setOrgMemberRoleContract,
  type updateOrgSettings as updateOrgSettingsContract,
} from '@mlebotics/shared';
import { FieldValue } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { cols, docs } from '../lib/documents.js';
import type { CallContext } from '../lib/callable.js';
import { ApiError } from '../lib/errors.js';
import { MANAGER_ROLES, requireOrgRole } from '../lib/access.js';
import { leaveUpdate } from '../lib/membership.js';
import { invite } from '../invitations/invitations.js';

/** Owners and admins manage an organization; operators use what it installed. */
export async function createOrg(input: CallableParsedInput<typeof createOrgContract>, context: CallContext) {
  const ref = docs.org(input.orgId);
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
export async function addOrgMember(input: CallableParsedInput<typeof addOrgMemberContract>, context: CallContext) {
  return db.runTransaction(async (tx) => {
    const { org, role } = await requireOrgRole(tx, input.orgId, context.uid, MANAGER_ROLES);
    if (input.role === 'owner' && role !== 'owner')
      throw new ApiError('permission-denied', 'Only owners can invite owners.');
    return invite(
      tx,
      { kind: 'org', id: input.orgId, role: input.role },
      org.name,
      org.memberEmails,
      input.email,
      context,
    );
  });
}

export async function setOrgMemberRole(
  input: CallableParsedInput<typeof setOrgMemberRoleContract>,
  context: CallContext,
) {
  await db.runTransaction(async (tx) => {
    const { org, ref, role } = await requireOrgRole(tx, input.orgId, context.uid, MANAGER_ROLES);
    const members = org.members;
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
      tx.update(ref, leaveUpdate(input.uid));
    } else {
      tx.update(ref, { [`members.${input.uid}` as const]: input.role });
    }
  });
  return { ok: true as const };
}

export async function updateOrgSettings(
  input: CallableParsedInput<typeof updateOrgSettingsContract>,
  context: CallContext,
) {
  await db.runTransaction(async (tx) => {
    const { ref } = await requireOrgRole(tx, input.orgId, context.uid, MANAGER_ROLES);
    tx.update(ref, { settings: input.settings });
    tx.create(cols.auditLog(input.orgId).doc(), {
      action: 'org.settings',
      uid: context.uid,
      settings: input.settings,
      at: FieldValue.serverTimestamp(),
    });
  });
  return { ok: true as const };
}
