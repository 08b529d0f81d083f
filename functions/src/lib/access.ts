// Who may act on an organization or a publisher: the membership checks every domain shares.
import { memberRole, type OrgRole, type PublisherRole } from '@mlebotics/shared';
import type { Transaction } from 'firebase-admin/firestore';
import { docs } from './documents.js';
import { ApiError } from './errors.js';

export const MANAGER_ROLES: readonly OrgRole[] = ['owner', 'admin'];

/** The caller's role in the organization, read in the transaction; throws when not a member. */
export async function requireOrgRole(
  tx: Transaction | undefined,
  orgId: string,
  uid: string,
  allowed: readonly OrgRole[],
) {
  const ref = docs.org(orgId);
  const org = (tx ? await tx.get(ref) : await ref.get()).data();
  const role = memberRole<OrgRole>(org?.members, uid);
  if (!org || !role) throw new ApiError('not-found', `You are not a member of an organization "${orgId}".`);
  if (!allowed.includes(role)) {
    throw new ApiError(
      'permission-denied',
      `This needs the ${allowed.join(' or ')} role in "${orgId}"; your role is ${role}.`,
    );
  }
  return { org, ref, role };
}

/** The caller's role in a publisher (read in the transaction when given); throws when not a member. */
export async function requirePublisherMember(
  tx: Transaction | undefined,
  publisherId: string,
  uid: string,
  owner = false,
) {
  const ref = docs.publisher(publisherId);
  const publisher = (tx ? await tx.get(ref) : await ref.get()).data();
  const role = memberRole<PublisherRole>(publisher?.members, uid);
  if (!publisher || !role)
    throw new ApiError('permission-denied', `You are not a member of the publisher "${publisherId}".`);
  if (owner && role !== 'owner')
    throw new ApiError('permission-denied', `Only owners of "${publisherId}" can do this.`);
  return { publisher, ref, role };
}
