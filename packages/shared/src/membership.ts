/**
 * How organizations and publishers record their members, in one place: `members` (uid → role,
 * what rules and functions check), `memberIds` (for "which do I belong to" queries), and the
 * email and name each member joined with (what the console shows instead of a uid).
 */
export interface MemberRecord<R extends string = string> {
  uid: string;
  role: R;
  email?: string | null;
  name?: string | null;
}

export interface MembershipFields<R extends string = string> {
  members: Record<string, R>;
  memberIds: string[];
  memberEmails: Record<string, string | null>;
  memberNames: Record<string, string | null>;
}

/** The membership fields of a new organization or publisher. */
export function membershipFields<R extends string>(records: ReadonlyArray<MemberRecord<R>>): MembershipFields<R> {
  return {
    members: Object.fromEntries(records.map((r) => [r.uid, r.role])),
    memberIds: records.map((r) => r.uid),
    memberEmails: Object.fromEntries(records.map((r) => [r.uid, r.email?.toLowerCase() ?? null])),
    memberNames: Object.fromEntries(records.map((r) => [r.uid, r.name ?? r.email?.split('@')[0] ?? null])),
  };
}

/**
 * How the console names a member: "name (email)", or whichever of the two is known, never a raw
 * account id; `fallback` when neither was recorded.
 */
export function memberLabel(
  record: { memberNames?: Record<string, string | null>; memberEmails?: Record<string, string | null> },
  uid: string,
  fallback: string,
): string {
  const name = record.memberNames?.[uid];
  const email = record.memberEmails?.[uid];
  if (name && email) return `${name} (${email})`;
  return name ?? email ?? fallback;
}
