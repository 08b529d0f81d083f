import { respondToInvitation as contract } from '@mlebotics/shared';
import * as invitations from '../invitations/invitations.js';
import { callable } from '../lib/callable.js';

/** The invitee accepts (signed in with the invited, verified email) or declines an invitation. */
export const respondToInvitation = callable(contract, invitations.respondToInvitation);
