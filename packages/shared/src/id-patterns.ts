/**
 * The patterns of the marketplace's ids, defined once. The callables' contracts, the CLI and
 * the web import them; the published JSON Schema (schema/plugin.schema.json, a static file) must
 * spell the same patterns, which id-patterns.test.ts checks.
 */
export const ID_PATTERNS = {
  /** `<publisher>`: 2–40 lowercase letters, digits and single hyphens. */
  publisher: '^[a-z0-9](?:-?[a-z0-9]){1,38}$',
  /** `<publisher>.<slug>`, the slug 2–64 lowercase letters, digits and single hyphens. */
  plugin: '^[a-z0-9](?:-?[a-z0-9]){1,38}\\.[a-z0-9](?:-?[a-z0-9]){1,62}$',
  /** Organizations: 3–40 lowercase letters, digits and single hyphens. */
  org: '^[a-z0-9](?:-?[a-z0-9]){2,39}$',
  /**
   * A capability (step, panel, hook) within a manifest: a lowercase letter, then up to 39
   * lowercase letters, digits and hyphens. The manifest schema's `$defs.capabilityId`, which
   * publishing enforces; the runtime callables accept the same.
   */
  capability: '^[a-z][a-z0-9-]{0,39}$',
} as const;

export const PUBLISHER_ID = new RegExp(ID_PATTERNS.publisher);
export const PLUGIN_ID = new RegExp(ID_PATTERNS.plugin);
export const ORG_ID = new RegExp(ID_PATTERNS.org);
export const CAPABILITY_ID = new RegExp(ID_PATTERNS.capability);

/**
 * A pattern as an HTML `pattern` attribute wants it: the browser anchors it itself, so without
 * the `^…$` (the rest is the same regular expression).
 */
export function htmlPattern(pattern: string): string {
  return pattern.replace(/^\^/, '').replace(/\$$/, '');
}
