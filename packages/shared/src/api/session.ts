import { z } from 'zod';
import { ORG_ROLES, PUBLISHER_ROLES } from './roles.js';
import { defineCallable } from './define.js';

export const orgRoleSchema = z.enum(ORG_ROLES);
export type OrgRole = z.infer<typeof orgRoleSchema>;

export const publisherRoleSchema = z.enum(PUBLISHER_ROLES);
export type PublisherRole = z.infer<typeof publisherRoleSchema>;

export const getSessionInputSchema = z.object({}).strict();

export interface GetSessionOutput {
  uid: string;
  email: string | null;
  /** Marketplace administrators (custom claim `admin`) moderate and verify publishers. */
  isAdmin: boolean;
  orgs: Array<{ id: string; name: string; role: OrgRole }>;
  publishers: Array<{ id: string; displayName: string; role: PublisherRole; verified: boolean }>;
}

export const getSession = defineCallable<GetSessionOutput>()('getSession', getSessionInputSchema);
