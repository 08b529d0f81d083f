import semver from 'semver';
import { isPermissionName } from '../catalogue/index.js';
import type { ErrorCode } from '../error-codes.js';
import type { ValidationIssue } from '../errors.js';
import { formatBytes, resolveLimits, type PackageLimits } from '../limits.js';
import { jsonDepth } from '../json-depth.js';
import type { PluginManifest } from './manifest.generated.js';
import { checkManifestFiles } from './files.js';
import { describeSchemaError } from './messages.js';
import { checkStepSchema, manifestValidator, stepSchemaAjv } from './schema-validator.js';

export { jsonDepth };

export const MANIFEST_FILE = 'plugin.json';
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const FORBIDDEN_STEP_KEYWORDS = new Set([
  'pattern',
  'patternProperties',
  '$dynamicRef',
  '$dynamicAnchor',
  '$recursiveRef',
]);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Where a manifest field is: `plugin.json#/json/pointer`. */
export function manifestPath(pointer: string): string {
  return `${MANIFEST_FILE}#${pointer}`;
}

function escapePointer(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export interface ManifestContext {
  /** Canonical paths of the regular files in the package, with their sizes. */
  files: ReadonlyMap<string, number>;
  /** Contents of files kept while reading (the icon and README when they were small enough). */
  contents?: ReadonlyMap<string, Uint8Array>;
  limits?: Partial<PackageLimits>;
}

export interface ManifestResult {
  manifest?: PluginManifest;
  issues: ValidationIssue[];
}

function findForbiddenKeys(value: unknown, pointer: string, out: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => findForbiddenKeys(item, `${pointer}/${i}`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const at = `${pointer}/${escapePointer(key)}`;
      if (FORBIDDEN_KEYS.has(key)) out.push(at);
      findForbiddenKeys((value as Record<string, unknown>)[key], at, out);
    }
  }
}

/**
 * Parses plugin.json text safely: UTF-8, size and depth bounded, no prototype-polluting keys.
 * Returns the parsed value or the issues.
 */
export function parseManifestBytes(
  bytes: Uint8Array,
  limits: PackageLimits,
): { value?: unknown; issues: ValidationIssue[] } {
  const issue = (code: ErrorCode, message: string): { issues: ValidationIssue[] } => ({
    issues: [{ code, message, path: MANIFEST_FILE }],
  });
  if (bytes.length > limits.maxManifestBytes) return { issues: [manifestTooLarge(bytes.length, limits)] };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return issue('manifest-not-json', 'plugin.json is not valid UTF-8.');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const depth = jsonDepth(text);
  if (depth > limits.maxManifestDepth) {
    return issue(
      'manifest-too-deep',
      `plugin.json nests ${depth} levels deep; the limit is ${limits.maxManifestDepth}.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return issue('manifest-not-json', `plugin.json is not valid JSON: ${(error as Error).message}.`);
  }
  const forbidden: string[] = [];
  findForbiddenKeys(value, '', forbidden);
  if (forbidden.length > 0) {
    return {
      issues: forbidden.map((pointer) => ({
        code: 'manifest-forbidden-key' as const,
        message: `plugin.json uses the reserved key "${pointer.split('/').pop()}" at ${pointer}.`,
        path: manifestPath(pointer),
      })),
    };
  }
  return { value, issues: [] };
}

export function manifestTooLarge(size: number, limits: PackageLimits): ValidationIssue {
  return {
    code: 'manifest-too-large',
    message: `plugin.json is ${formatBytes(size)}; the limit is ${formatBytes(limits.maxManifestBytes)}.`,
    path: MANIFEST_FILE,
  };
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const INTERNAL_SUFFIXES = [
  '.localhost',
  '.local',
  '.internal',
  '.arpa',
  '.home',
  '.lan',
  '.corp',
  '.intranet',
  '.test',
  '.invalid',
  '.example',
];

function hostProblem(host: string): { code: ErrorCode; message: string } | undefined {
  if (host.includes('*')) {
    return { code: 'permission-host-wildcard', message: `Host "${host}" is a wildcard; list each host exactly.` };
  }
  const name = host.replace(/:\d+$/, '').replace(/\.$/, '').toLowerCase();
  if (IPV4.test(name) || name.startsWith('[') || name.split(':').length > 2) {
    return { code: 'permission-host-forbidden', message: `Host "${host}" is an IP address; use a public DNS name.` };
  }
  if (name === 'localhost' || INTERNAL_SUFFIXES.some((suffix) => `.${name}`.endsWith(suffix))) {
    return { code: 'permission-host-forbidden', message: `Host "${host}" is a local or internal name.` };
  }
  if (!name.includes('.')) {
    return { code: 'permission-host-forbidden', message: `Host "${host}" is not a fully qualified public name.` };
  }
  return undefined;
}

function findForbiddenStepKeywords(value: unknown, pointer: string, out: string[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => findForbiddenStepKeywords(v, `${pointer}/${i}`, out));
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const at = `${pointer}/${escapePointer(key)}`;
      if (FORBIDDEN_STEP_KEYWORDS.has(key)) out.push(at);
      else if (key === '$ref' && typeof child === 'string' && !child.startsWith('#')) out.push(at);
      else findForbiddenStepKeywords(child, at, out);
    }
  }
}

/**
 * Validates a parsed manifest against the schema and the rules the schema cannot express
 * (permission scopes, referenced files, id/publisher agreement, step schemas). Returns every
 * issue, each with a specific code and a `plugin.json#/pointer` path.
 */
export function validateManifestValue(value: unknown, context: ManifestContext): ManifestResult {
  const limits = resolveLimits(context.limits);
  const issues: ValidationIssue[] = [];
  const covered = new Set<string>();
  const add = (code: ErrorCode, message: string, pointer: string): void => {
    issues.push({ code, message, path: manifestPath(pointer) });
    covered.add(pointer);
  };
  const record = (value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {}) as Record<
    string,
    unknown
  >;

  // Rules with their own codes first; the schema's generic errors at those places are dropped.
  if (Array.isArray(record.permissions)) {
    const seen = new Map<string, number>();
    record.permissions.forEach((perm: unknown, i: number) => {
      const name = (perm as { name?: unknown } | null)?.name;
      if (typeof name !== 'string') return;
      if (!isPermissionName(name)) {
        add('permission-unknown', `Permission "${name}" is not in the catalogue.`, `/permissions/${i}`);
        return;
      }
      if (seen.has(name)) {
        add(
          'permission-duplicate',
          `Permission "${name}" is declared twice (entries ${seen.get(name)} and ${i}).`,
          `/permissions/${i}`,
        );
      }
      seen.set(name, i);
      const hosts = (perm as { hosts?: unknown }).hosts;
      if (name === 'network:fetch' && Array.isArray(hosts)) {
        hosts.forEach((host: unknown, j: number) => {
          const problem = typeof host === 'string' ? hostProblem(host) : undefined;
          if (problem) add(problem.code, problem.message, `/permissions/${i}/hosts/${j}`);
        });
      }
    });
  }
  if (typeof record.version === 'string' && !semver.valid(record.version)) {
    add('manifest-version-invalid', `Version "${record.version}" is not a semantic version.`, '/version');
  }
  const engines = record.engines as { platform?: unknown } | undefined;
  if (typeof engines?.platform === 'string' && semver.validRange(engines.platform) === null) {
    add(
      'manifest-engine-range-invalid',
      `engines.platform "${engines.platform}" is not a semver range.`,
      '/engines/platform',
    );
  }
  if (typeof record.id === 'string' && typeof record.publisher === 'string') {
    const prefix = record.id.split('.')[0];
    if (prefix !== record.publisher) {
      add(
        'manifest-id-publisher-mismatch',
        `The id "${record.id}" must start with the publisher "${record.publisher}." (found "${prefix}.").`,
        '/id',
      );
    }
  }
  const declared = new Set(
    Array.isArray(record.permissions)
      ? record.permissions
          .map((p: unknown) => (p as { name?: unknown } | null)?.name)
          .filter((n): n is string => typeof n === 'string')
      : [],
  );
  if (Array.isArray(record.capabilities)) {
    const ids = new Map<string, number>();
    record.capabilities.forEach((cap: unknown, i: number) => {
      if (cap === null || typeof cap !== 'object') return;
      const c = cap as Record<string, unknown>;
      if (typeof c.id === 'string') {
        if (ids.has(c.id))
          add(
            'capability-duplicate-id',
            `Capability id "${c.id}" is used twice (entries ${ids.get(c.id)} and ${i}).`,
            `/capabilities/${i}/id`,
          );
        ids.set(c.id, i);
      }
      if (c.type === 'ui-panel' && !declared.has('ui:panel')) {
        add(
          'permission-required',
          `Capability "${String(c.id)}" is a ui-panel, which needs the "ui:panel" permission.`,
          `/capabilities/${i}`,
        );
      }
      if (c.type === 'ui-panel' && typeof c.entry === 'string' && !context.files.has(c.entry)) {
        add('manifest-file-missing', `The panel entry "${c.entry}" is not in the package.`, `/capabilities/${i}/entry`);
      }
      for (const key of ['inputSchema', 'outputSchema', 'sampleSchema']) {
        const stepSchema = c[key];
        if (stepSchema === null || typeof stepSchema !== 'object' || Array.isArray(stepSchema)) continue;
        const pointer = `/capabilities/${i}/${key}`;
        const forbidden: string[] = [];
        findForbiddenStepKeywords(stepSchema, '', forbidden);
        if (forbidden.length > 0) {
          add(
            'capability-schema-invalid',
            `${key} of "${String(c.id)}" uses ${forbidden.map((f) => `"${f}"`).join(', ')}, which is not allowed.`,
            pointer,
          );
          continue;
        }
        const stepAjv = stepSchemaAjv();
        try {
          const errors = checkStepSchema(stepSchema);
          if (errors) {
            const first = errors[0];
            add(
              'capability-schema-invalid',
              `${key} of "${String(c.id)}" is not a valid JSON Schema: ${first?.instancePath || '/'} ${first?.message ?? ''}.`,
              pointer,
            );
            continue;
          }
          stepAjv.compile(stepSchema);
        } catch (error) {
          add(
            'capability-schema-invalid',
            `${key} of "${String(c.id)}" is not a valid JSON Schema: ${(error as Error).message}.`,
            pointer,
          );
        } finally {
          stepAjv.removeSchema(stepSchema);
        }
      }
    });
  }
  checkManifestFiles(record, context, limits, add);

  const validate = manifestValidator();
  if (!validate(value)) {
    for (const error of validate.errors ?? []) {
      const pointer = error.instancePath;
      if (
        [...covered].some(
          (c) =>
            pointer === c ||
            pointer.startsWith(`${c}/`) ||
            (c.startsWith(`${pointer}/`) && error.keyword === 'discriminator'),
        )
      ) {
        continue;
      }
      const described = describeSchemaError(error);
      if (!described) continue;
      issues.push({ code: 'manifest-schema', message: described, path: manifestPath(pointer) });
    }
  }
  return issues.length === 0 ? { manifest: value as PluginManifest, issues } : { issues: dedupe(issues) };
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.code}|${i.path}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
