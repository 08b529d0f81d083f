import type { MemberRecord, OrgRole, PublisherRole } from '@mlebotics/shared';
import { FieldValue, type UpdateData } from 'firebase-admin/firestore';
import type { Stored } from './documents.js';

type Org = Stored<'org'>;
type Publisher = Stored<'publisher'>;
/** The membership fields organizations and publishers share (see membershipFields). */
type Membership = Pick<Org | Publisher, 'memberIds' | 'memberEmails' | 'memberNames'> & {
  members: Record<string, string>;
};

/** The update that adds a member to an organization or publisher document (see membershipFields). */
export function joinUpdate(record: MemberRecord<OrgRole>): UpdateData<Org>;
export function joinUpdate(record: MemberRecord<PublisherRole>): UpdateData<Publisher>;
export function joinUpdate(record: MemberRecord): UpdateData<Membership> {
  const role: Record<`members.${string}`, string> = { [`members.${record.uid}`]: record.role };
  const email: Record<`memberEmails.${string}`, string | null> = {
    [`memberEmails.${record.uid}`]: record.email?.toLowerCase() ?? null,
  };
  const name: Record<`memberNames.${string}`, string | null> = {
    [`memberNames.${record.uid}`]: record.name ?? record.email?.split('@')[0] ?? null,
  };
  return { ...role, ...email, ...name, memberIds: FieldValue.arrayUnion(record.uid) };
}

/** The update that removes a member. */
export function leaveUpdate(uid: string): UpdateData<Org> & UpdateData<Publisher> {
  return {
    [`members.${uid}` as const]: FieldValue.delete(),
    memberIds: FieldValue.arrayRemove(uid),
    [`memberEmails.${uid}` as const]: FieldValue.delete(),
    [`memberNames.${uid}` as const]: FieldValue.delete(),
  };
}
