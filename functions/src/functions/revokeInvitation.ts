import { revokeInvitation as contract } from '@mlebotics/shared';
import * as invitations from '../invitations/invitations.js';
import { callable } from '../lib/callable.js';

/** Managers of the organization (or owners of the publisher) withdraw a pending invitation. */
export const revokeInvitation = callable(contract, invitations.revokeInvitation);
