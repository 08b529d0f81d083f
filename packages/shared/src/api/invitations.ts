import { z } from 'zod';
import { generatedIdSchema } from './common.js';
import { defineCallable } from './define.js';

/** Days an invitation stays open. */
export const INVITATION_DAYS = 7;

export interface InvitationOutput {
  invitationId: string;
  email: string;
  expiresAt: string;
}

export const respondToInvitationInputSchema = z
  .object({ invitationId: generatedIdSchema, accept: z.boolean() })
  .strict();

/** The invitee accepts (signed in with the invited, verified email) or declines an invitation. */
export const respondToInvitation = defineCallable<{
  status: 'accepted' | 'declined';
  kind: 'org' | 'publisher';
  targetId: string;
  role: string;
}>()('respondToInvitation', respondToInvitationInputSchema);

export const revokeInvitationInputSchema = z.object({ invitationId: generatedIdSchema }).strict();

/** A manager of the organization (or an owner of the publisher) withdraws a pending invitation. */
export const revokeInvitation = defineCallable<{ ok: true }>()('revokeInvitation', revokeInvitationInputSchema);
