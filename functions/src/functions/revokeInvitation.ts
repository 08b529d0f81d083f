import { revokeInvitation as contract } from '@mlebotics/shared';
import { revoke } from '../invitations/invitations.js';
import { callable } from '../lib/callable.js';
import { MANAGER_ROLES, requireOrgRole } from '../orgs/orgs.js';
import { requirePublisherMember } from '../publishers/publishers.js';

/** Managers of the organization (or members of the publisher) withdraw a pending invitation. */
export const revokeInvitation = callable(contract, (input, context) =>
  revoke(input, context, (tx, target, uid) =>
    target.kind === 'org'
      ? requireOrgRole(tx, target.id, uid, MANAGER_ROLES)
      : requirePublisherMember(tx, target.id, uid, true),
  ),
);
