/** What the server wrote about an entitlement's access when it last changed. */
export interface EntitlementAccess {
  access?: { active: boolean; reason: string; until: string | null };
  testMode?: boolean;
}

/** Whether an entitlement grants access now (the server's verdict, with its end date applied). */
export function entitlementActive(entitlement: EntitlementAccess | undefined, now = Date.now()): boolean {
  const access = entitlement?.access;
  return !!access?.active && (access.until === null || Date.parse(access.until) > now);
}
