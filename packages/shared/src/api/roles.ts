/** The roles of an organization's members, and of a publisher's (zod-free, shared by every schema). */
export const ORG_ROLES = ['owner', 'admin', 'operator'] as const;
export const PUBLISHER_ROLES = ['owner', 'member'] as const;
