import type { Permission } from '../manifest/manifest.generated.js';

/** Scope lists a permission can carry (network hosts, secret names). */
const SCOPE_KEYS = ['hosts', 'secrets'] as const;

export interface PermissionChange {
  name: Permission['name'];
  /** Scope entries the new version adds (for example hosts). */
  added: string[];
  removed: string[];
}

export interface PermissionDiff {
  added: Permission[];
  removed: Permission[];
  changed: PermissionChange[];
}

/** The scope entries a permission carries (its hosts or secret names), empty when it has none. */
export function scopeOf(permission: Permission): string[] {
  return SCOPE_KEYS.flatMap(
    (key) => ((permission as unknown as Record<string, unknown>)[key] as string[] | undefined) ?? [],
  );
}

/** What changes in the permissions from `previous` to `next` (names, then scope entries). */
export function diffPermissions(previous: readonly Permission[], next: readonly Permission[]): PermissionDiff {
  const before = new Map(previous.map((p) => [p.name, p]));
  const after = new Map(next.map((p) => [p.name, p]));
  const diff: PermissionDiff = { added: [], removed: [], changed: [] };
  for (const [name, permission] of after) {
    const old = before.get(name);
    if (!old) {
      diff.added.push(permission);
      continue;
    }
    const oldScope = new Set(scopeOf(old));
    const newScope = new Set(scopeOf(permission));
    const added = [...newScope].filter((s) => !oldScope.has(s)).sort();
    const removed = [...oldScope].filter((s) => !newScope.has(s)).sort();
    if (added.length || removed.length) diff.changed.push({ name, added, removed });
  }
  for (const [name, permission] of before) if (!after.has(name)) diff.removed.push(permission);
  return diff;
}

/** True when the new permissions allow anything the old ones did not: fresh consent is needed. */
export function permissionsGrow(diff: PermissionDiff): boolean {
  return diff.added.length > 0 || diff.changed.some((c) => c.added.length > 0);
}

export function isEmptyDiff(diff: PermissionDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}

/** A canonical, order-independent key of a permission set (names and scopes), for equality. */
export function permissionSetKey(permissions: readonly Permission[]): string {
  return JSON.stringify(
    [...permissions].map((p) => [p.name, scopeOf(p).sort()] as const).sort(([a], [b]) => a.localeCompare(b)),
  );
}
