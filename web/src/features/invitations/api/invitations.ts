import type { respondToInvitation } from '@mlebotics/shared';
import { call } from '../../../lib/functions';

/** Accepts or declines an invitation to the signed-in (verified) email address. */
export const respondTo = (invitationId: string, accept: boolean) =>
  call<typeof respondToInvitation>('respondToInvitation', { invitationId, accept });
