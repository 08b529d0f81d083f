import type { Capability, Category, Permission } from '../manifest/manifest.generated.js';

export type PermissionName = Permission['name'];
export type CapabilityType = Capability['type'];
export type RiskLevel = 'low' | 'medium' | 'high';

export interface PermissionInfo {
  name: PermissionName;
  title: string;
  /** What the permission allows, in the words operators read in the consent dialog. */
  description: string;
  risk: RiskLevel;
  /** The scope fields the permission carries besides `name` and `reason` (from the schema). */
  scope: readonly string[];
}

/** The fields of a permission in the manifest types (generated from the schema) besides `name` and `reason`. */
type ScopeKey<N extends PermissionName> = Exclude<keyof Extract<Permission, { name: N }>, 'name' | 'reason'>;

// Written out rather than read from plugin.schema.json at run time: importing the schema would
// bring all of it (~4 KiB gzipped) into the console's first route, which needs only titles and
// risks. The compiler holds the entries to the schema through its generated types:
// `satisfies` rejects a permission the schema declares but the catalogue forgets, the reverse,
// and a scope field the permission does not have; `EVERY_SCOPE_LISTED` one it has but is missing.
const PERMISSION_TEXT = {
  'sensors:read': {
    title: 'Read sensors',
    description: 'Read live values from the sensors connected to your organization’s robots.',
    risk: 'low',
    scope: [],
  },
  'actuators:command': {
    title: 'Command actuators',
    description: 'Send commands that move motors, grippers and other actuators. Physical effect.',
    risk: 'high',
    scope: [],
  },
  'automation:execute': {
    title: 'Run automations',
    description: 'Start the organization’s automation flows.',
    risk: 'medium',
    scope: [],
  },
  'network:fetch': {
    title: 'Reach the internet',
    description: 'Send HTTPS requests to the listed hosts, and only those.',
    risk: 'medium',
    scope: ['hosts'],
  },
  'storage:plugin': {
    title: 'Store its own data',
    description: 'Keep key-value data private to this plugin in this organization.',
    risk: 'low',
    scope: [],
  },
  'ui:panel': {
    title: 'Show a panel',
    description: 'Show its own panel in the operator console, in an isolated frame.',
    risk: 'low',
    scope: [],
  },
  'notifications:send': {
    title: 'Send notifications',
    description: 'Send notifications to the organization’s members.',
    risk: 'medium',
    scope: [],
  },
  'secrets:read': {
    title: 'Read secrets',
    description: 'Read the named organization secrets (API keys, passwords).',
    risk: 'high',
    scope: ['secrets'],
  },
} as const satisfies {
  [N in PermissionName]: Omit<PermissionInfo, 'name' | 'scope'> & { scope: readonly ScopeKey<N>[] };
};

type UnlistedScope = {
  [N in PermissionName]: Exclude<ScopeKey<N>, (typeof PERMISSION_TEXT)[N]['scope'][number]>;
}[PermissionName];
// Fails to compile, naming the field, when a permission has a scope field its entry does not list.
const EVERY_SCOPE_LISTED: [UnlistedScope] extends [never] ? true : UnlistedScope = true;
void EVERY_SCOPE_LISTED;

/** The permission catalogue, keyed by name. */
export const PERMISSIONS: Readonly<Record<PermissionName, PermissionInfo>> = Object.freeze(
  Object.fromEntries(
    (Object.keys(PERMISSION_TEXT) as PermissionName[]).map((name) => [
      name,
      Object.freeze({ name, ...PERMISSION_TEXT[name], scope: Object.freeze([...PERMISSION_TEXT[name].scope]) }),
    ]),
  ) as Record<PermissionName, PermissionInfo>,
);

export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as PermissionName[];

export function isPermissionName(value: unknown): value is PermissionName {
  return typeof value === 'string' && Object.hasOwn(PERMISSIONS, value);
}

export const RISK_ORDER: Readonly<Record<RiskLevel, number>> = { low: 0, medium: 1, high: 2 };

/**
 * Labels of the marketplace categories, in display order (the schema's enum; the type makes the
 * compiler reject a missing or unknown category).
 */
export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  sensors: 'Sensors',
  actuators: 'Actuators',
  automation: 'Automation',
  vision: 'Vision',
  navigation: 'Navigation',
  monitoring: 'Monitoring',
  analytics: 'Analytics',
  integrations: 'Integrations',
  ui: 'UI',
  safety: 'Safety',
  'developer-tools': 'Developer tools',
  other: 'Other',
};

/** Marketplace categories, in display order. */
export const CATEGORIES = Object.keys(CATEGORY_LABELS) as Category[];

export const CAPABILITY_TYPES: Readonly<Record<CapabilityType, { title: string; description: string }>> = {
  'sensor-driver': { title: 'Sensor driver', description: 'Reads a kind of sensor and produces samples.' },
  'automation-step': { title: 'Automation step', description: 'A step type for automation flows.' },
  'ui-panel': { title: 'UI panel', description: 'A panel in the operator console.' },
  integration: { title: 'Integration', description: 'A connection to a third-party service.' },
};

export const CAPABILITY_TYPE_NAMES = Object.keys(CAPABILITY_TYPES) as CapabilityType[];

type FieldSafe<N extends string> = N extends `${infer A}:${infer B}` ? `${A}_${B}` : N;
/** The discovery filter's keys for permissions: each name as a field-safe key, and "none". */
export type PermissionFlag = 'none' | FieldSafe<PermissionName>;
export const PERMISSION_FLAGS = ['none', ...PERMISSION_NAMES.map(permissionFlag)] as PermissionFlag[];

/** A permission's key in a listing's `permissionFlags` (Firestore field paths avoid ":"). */
export function permissionFlag<N extends PermissionName>(name: N): FieldSafe<N> {
  return name.replace(':', '_') as FieldSafe<N>;
}

/** The `permissionFlags` of a listing: one per permission it asks for, or `none`. */
export function permissionFlagsOf(names: readonly string[]): Partial<Record<PermissionFlag, true>> {
  const known = names.filter(isPermissionName);
  return known.length === 0 ? { none: true } : Object.fromEntries(known.map((n) => [permissionFlag(n), true]));
}
