import { z } from 'zod';
import { ORG_ID, PUBLISHER_ID } from '../id-patterns.js';
import { accountIdSchema } from './common.js';
import { defineCallable } from './define.js';
import type { InvitationOutput } from './invitations.js';
import { orgRoleSchema } from './session.js';

export const orgIdSchema = z.string().regex(ORG_ID, 'must be 3–40 lowercase letters, digits and single hyphens');

export const createOrgInputSchema = z
  .object({
    name: z.string().trim().min(2, 'must have at least 2 characters').max(80),
    orgId: orgIdSchema,
  })
  .strict();

export interface CreateOrgOutput {
  orgId: string;
}

/** Creates an organization with the caller as its owner. */
export const createOrg = defineCallable<CreateOrgOutput>()('createOrg', createOrgInputSchema);

export const addOrgMemberInputSchema = z
  .object({
    orgId: orgIdSchema,
    email: z.string().trim().toLowerCase().email('must be an email address'),
    role: orgRoleSchema,
  })
  .strict();

/**
 * Invites someone, by email, to the organization (owners and admins; owners only for owners).
 * They become a member when they accept, signed in with that email, verified.
 */
export const addOrgMember = defineCallable<InvitationOutput>()('addOrgMember', addOrgMemberInputSchema);

export const setOrgMemberRoleInputSchema = z
  .object({
    orgId: orgIdSchema,
    uid: accountIdSchema,
    /** null removes the member. */
    role: orgRoleSchema.nullable(),
  })
  .strict();

/** Changes a member's role or removes them; an organization always keeps an owner. */
export const setOrgMemberRole = defineCallable<{ ok: true }>()('setOrgMemberRole', setOrgMemberRoleInputSchema);

const publisherListSchema = z
  .array(z.string().regex(PUBLISHER_ID, 'must be a publisher id'))
  .max(50)
  .refine((list) => new Set(list).size === list.length, 'must not repeat a publisher');

export const updateOrgSettingsInputSchema = z
  .object({
    orgId: orgIdSchema,
    settings: z
      .object({
        /** Only plugins private to this organization (its internal registry) may be installed. */
        internalOnly: z.boolean(),
        /** When not empty, only these publishers' plugins may be installed. */
        allowedPublishers: publisherListSchema,
        blockedPublishers: publisherListSchema,
        /** The highest permission risk a plugin may ask for. */
        maxRisk: z.enum(['low', 'medium', 'high']),
      })
      .strict()
      .refine(
        (s) => !s.allowedPublishers.some((p) => s.blockedPublishers.includes(p)),
        'a publisher cannot be both allowed and blocked',
      ),
  })
  .strict();

/** Sets the organization's install policy (owners and admins); applies to new installs and updates. */
export const updateOrgSettings = defineCallable<{ ok: true }>()('updateOrgSettings', updateOrgSettingsInputSchema);
