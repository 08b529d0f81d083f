import type { MemberRecord } from '@mlebotics/shared';
import { FieldValue } from 'firebase-admin/firestore';

/** The update that adds a member to an organization or publisher document (see membershipFields). */
export function joinUpdate(record: MemberRecord): Record<string, unknown> {
  return {
    [`members.${record.uid}`]: record.role,
    memberIds: FieldValue.arrayUnion(record.uid),
    [`memberEmails.${record.uid}`]: record.email?.toLowerCase() ?? null,
    [`memberNames.${record.uid}`]: record.name ?? record.email?.split('@')[0] ?? null,
  };
}

/** The update that removes a member. */
export function leaveUpdate(uid: string): Record<string, unknown> {
  return {
    [`members.${uid}`]: FieldValue.delete(),
    memberIds: FieldValue.arrayRemove(uid),
    [`memberEmails.${uid}`]: FieldValue.delete(),
    [`memberNames.${uid}`]: FieldValue.delete(),
  };
}
