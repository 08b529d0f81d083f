// Renders the generated sections of docs/publishing.md from the single sources of truth: the
// manifest JSON Schema, the permission catalogue, the limits and the error codes.
import { CAPABILITY_TYPES, CATEGORIES, PERMISSIONS } from '../src/catalogue/index.js';
import { CALLABLE_LIMITS } from '../src/api/rate-limits.js';
import { ERROR_CODES } from '../src/errors.js';
import { DEFAULT_LIMITS, formatBytes } from '../src/limits.js';
import { SCAN_RULES } from '../src/scan/rules.js';
import { SCAN_TEXT_BYTES } from '../src/scan/scanner.js';
import schema from '../schema/plugin.schema.json' with { type: 'json' };

interface Node {
  type?: string | string[];
  description?: string;
  $ref?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  uniqueItems?: boolean;
  items?: Node;
  properties?: Record<string, Node>;
  required?: string[];
}

const defs = schema.$defs as unknown as Record<string, Node>;

function resolve(node: Node): Node {
  if (!node.$ref) return node;
  const target = defs[node.$ref.replace('#/$defs/', '')]!;
  return {
    ...resolve(target),
    ...Object.fromEntries(Object.entries(node).filter(([k]) => k !== '$ref')),
    description: node.description ?? target.description,
  };
}

function typeOf(node: Node): string {
  const n = resolve(node);
  if (n.const !== undefined) return `\`${JSON.stringify(n.const)}\``;
  if (n.enum) return 'one of the values below';
  if (n.type === 'array') {
    const items = n.items ? resolve(n.items) : undefined;
    if (node.items?.$ref === '#/$defs/capability') return 'array of capabilities';
    if (node.items?.$ref === '#/$defs/permission') return 'array of permissions';
    return `array of ${items ? typeOf(items) : 'values'}`;
  }
  if (node.$ref === '#/$defs/jsonSchema') return 'JSON Schema';
  return String(n.type ?? 'value');
}

function constraints(node: Node): string {
  const n = resolve(node);
  const parts: string[] = [];
  if (n.minLength !== undefined || n.maxLength !== undefined)
    parts.push(`${n.minLength ?? 0}–${n.maxLength ?? '∞'} characters`);
  if (n.minItems !== undefined || n.maxItems !== undefined) parts.push(`${n.minItems ?? 0}–${n.maxItems ?? '∞'} items`);
  if (n.uniqueItems) parts.push('no duplicates');
  if (n.minimum !== undefined || n.maximum !== undefined) parts.push(`${n.minimum ?? '−∞'}–${n.maximum ?? '∞'}`);
  if (n.format) parts.push(`format: ${n.format}`);
  if (n.pattern && n.pattern.length < 80) parts.push(`pattern: \`${n.pattern.replace(/\|/g, '\\|')}\``);
  const items = n.items ? resolve(n.items) : undefined;
  if (items?.pattern && items.pattern.length < 80) parts.push(`each: \`${items.pattern.replace(/\|/g, '\\|')}\``);
  return parts.join('; ');
}

function rowsOf(properties: Record<string, Node>, required: string[], prefix = ''): string[] {
  return Object.entries(properties).flatMap(([name, node]) => {
    const resolved = resolve(node);
    const row = `| \`${prefix}${name}\` | ${required.includes(name) ? 'yes' : 'no'} | ${typeOf(node)} | ${(resolved.description ?? '').replace(/\|/g, '\\|')} | ${constraints(node)} |`;
    const nested =
      resolved.type === 'object' && resolved.properties
        ? rowsOf(resolved.properties, resolved.required ?? [], `${prefix}${name}.`)
        : [];
    return [row, ...nested];
  });
}

function table(properties: Record<string, Node>, required: string[] = []): string {
  const rows = rowsOf(properties, required);
  return ['| field | required | type | meaning | constraints |', '|---|---|---|---|---|', ...rows].join('\n');
}

export function renderManifestReference(): string {
  const root = schema as unknown as Node;
  const capabilityDefs = {
    'sensor-driver': 'sensorDriver',
    'automation-step': 'automationStep',
    'ui-panel': 'uiPanel',
    integration: 'integration',
  };
  const sections = [
    '### Top-level fields',
    '',
    table(root.properties!, root.required),
    '',
    `**Categories** (\`categories\`): ${CATEGORIES.map((c) => `\`${c}\``).join(', ')}.`,
    '',
    '### Capabilities',
    '',
    'Each entry of `capabilities` has a `type` and the fields of that type:',
    '',
  ];
  for (const [type, def] of Object.entries(capabilityDefs)) {
    const node = defs[def]!;
    sections.push(
      `#### \`${type}\` — ${CAPABILITY_TYPES[type as keyof typeof CAPABILITY_TYPES].title}`,
      '',
      node.description ?? '',
      '',
      table(node.properties!, node.required),
      '',
    );
  }
  return sections.join('\n').trim();
}

export function renderPermissionCatalogue(): string {
  const rows = Object.values(PERMISSIONS).map(
    (p) =>
      `| \`${p.name}\` | ${p.title} | ${p.risk} | ${p.description} | ${p.scope.length ? p.scope.map((s) => `\`${s}\``).join(', ') : '—'} |`,
  );
  return ['| permission | title | risk | what it allows | scope fields |', '|---|---|---|---|---|', ...rows].join('\n');
}

export function renderLimits(): string {
  const l = DEFAULT_LIMITS;
  return [
    '| limit | value |',
    '|---|---|',
    `| package size (compressed) | ${formatBytes(l.maxCompressedBytes)} |`,
    `| unpacked size (tar stream) | ${formatBytes(l.maxUncompressedBytes)} |`,
    `| entries (files and directories) | ${l.maxEntries} |`,
    `| compression ratio (unpacked / packed) | ${l.maxCompressionRatio} |`,
    `| entry path | ${l.maxPathBytes} bytes (UTF-8) |`,
    `| \`plugin.json\` | ${formatBytes(l.maxManifestBytes)}, nesting depth ${l.maxManifestDepth} |`,
    `| README | ${formatBytes(l.maxReadmeBytes)} |`,
    `| icon | ${formatBytes(l.maxIconBytes)} |`,
  ].join('\n');
}

export function renderErrorCodes(): string {
  const rows = Object.entries(ERROR_CODES).map(([code, info]) => `| \`${code}\` | ${info.stage} | ${info.fix} |`);
  return ['| code | stage | what to do |', '|---|---|---|', ...rows].join('\n');
}

export function renderRateLimits(): string {
  const perMinute = (b: { capacity: number; refillPerMinute: number }) =>
    `${b.capacity} at once, ${b.refillPerMinute}/min`;
  const rows = Object.entries(CALLABLE_LIMITS)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, l]) => {
      const scope =
        'perScope' in l && l.perScope
          ? `${perMinute(l.perScope.limit)} per ${l.perScope.field.replace(/Id$/, '')}`
          : '—';
      return `| \`${name}\` | ${l.mutates ? 'yes' : 'no'} | ${perMinute(l.perUser)} | ${scope} | ${formatBytes(l.maxInputBytes)} |`;
    });
  return [
    '| callable | request id (idempotent) | per account | per organization or publisher | request body at most |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function renderScanRules(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = SCAN_RULES.map((r) => `| \`${r.id}\` | ${r.severity} | ${cell(r.title)} | ${cell(r.fix)} |`);
  return [
    '| rule | severity | what it finds | what to do |',
    '|---|---|---|---|',
    ...rows,
    '',
    `Text rules read the first ${formatBytes(SCAN_TEXT_BYTES)} of each file; a longer text file is held for review (\`obfuscation.unscanned\`).`,
  ].join('\n');
}

const SECTIONS: Record<string, () => string> = {
  'scan-rules': renderScanRules,
  'rate-limits': renderRateLimits,
  'manifest-reference': renderManifestReference,
  'permission-catalogue': renderPermissionCatalogue,
  limits: renderLimits,
  'error-codes': renderErrorCodes,
};

/** Replaces every `<!-- generated:NAME -->…<!-- /generated:NAME -->` block of the document. */
export function renderGeneratedSections(document: string): string {
  return document.replace(/<!-- generated:([a-z-]+) -->[\s\S]*?<!-- \/generated:\1 -->/g, (_, name: string) => {
    const render = SECTIONS[name];
    if (!render) throw new Error(`Unknown generated section ${name}`);
    return `<!-- generated:${name} -->\n${render()}\n<!-- /generated:${name} -->`;
  });
}
