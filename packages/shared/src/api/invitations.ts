import { z } from 'zod';
import { generatedIdSchema } from './common.js';
import { defineCallable } from './define.js';

/**
 * `invitations/{invitationId}` (server-written). Membership by email is an invitation: the
 * invitee accepts it signed in with that email, verified; nobody is added to an organization or
 * a publisher without their consent, and inviting reveals nothing about which emails have
 * accounts. Readable by the invitee (verified email) and the target's managers.
 */
export interface InvitationDoc<T = unknown> {
  kind: 'org' | 'publisher';
  targetId: string;
  targetName: string;
  role: string;
  /** Lowercase. */
  email: string;
  invitedBy: { uid: string; name: string };
  status: 'pending' | 'accepted' | 'declined' | 'revoked';
  createdAt: T;
  expiresAt: T;
  /** Who accepted, with the verified email they were signed in with. */
  acceptedBy?: { uid: string; email: string; at: T };
}

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
