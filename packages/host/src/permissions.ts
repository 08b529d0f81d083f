import type { Permission, PermissionName } from '@mlebotics/shared';
import { canonicalHost } from '@mlebotics/shared/permissions/hosts';

// The host rule lives in shared so that the upload scanner asks the same question.
export { canonicalHost };

/** What a run may do: the permissions both declared by the signed manifest and granted. */
export interface EffectivePermissions {
  names: ReadonlySet<PermissionName>;
  /** `network:fetch` hosts as `URL.host` spells them (lowercase, default port dropped). */
  fetchHosts: ReadonlySet<string>;
  /** `secrets:read` secret names. */
  secrets: ReadonlySet<string>;
  /** The same, as permission objects (for display and audit). */
  list: Permission[];
}

/** The values of `a` (deduplicated, in order) that `b` also has, both mapped by `canonical`. */
function intersect(
  a: readonly string[] | undefined,
  b: readonly string[] | undefined,
  canonical: (value: string) => string | undefined = (value) => value,
): string[] {
  const right = new Set((b ?? []).map(canonical));
  const left = (a ?? []).map(canonical).filter((value): value is string => value !== undefined && right.has(value));
  return [...new Set(left)];
}

/**
 * Intersects the manifest's declared permissions with the organization's grants: a grant for
 * something the manifest does not declare gives nothing, and scopes (hosts, secret names) are
 * narrowed to what both name.
 */
export function effectivePermissions(
  declared: readonly Permission[],
  granted: readonly Permission[],
): EffectivePermissions {
  const names = new Set<PermissionName>();
  const fetchHosts = new Set<string>();
  const secrets = new Set<string>();
  const list: Permission[] = [];
  for (const permission of declared) {
    const grant = granted.find((g) => g?.name === permission.name);
    if (!grant) continue;
    if (permission.name === 'network:fetch' && grant.name === 'network:fetch') {
      intersect(permission.hosts, grant.hosts, canonicalHost).forEach((h) => fetchHosts.add(h));
      if (fetchHosts.size === 0) continue;
      list.push({ ...permission, hosts: [...fetchHosts] as [string, ...string[]] });
    } else if (permission.name === 'secrets:read' && grant.name === 'secrets:read') {
      intersect(permission.secrets, grant.secrets).forEach((s) => secrets.add(s));
      if (secrets.size === 0) continue;
      list.push({ ...permission, secrets: [...secrets] as [string, ...string[]] });
    } else {
      list.push({ ...permission });
    }
    names.add(permission.name);
  }
  return { names, fetchHosts, secrets, list };
}
