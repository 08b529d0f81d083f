import type { ErrorObject } from 'ajv';

interface SchemaNode {
  description?: string;
  properties?: Record<string, SchemaNode & { $ref?: string }>;
  $ref?: string;
}

function fieldName(instancePath: string): string {
  if (instancePath === '') return 'plugin.json';
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join('');
}

function hint(description: string | undefined): string {
  return description ? ` ${description.replace(/\.?$/, '.')}` : '';
}

/** What a pattern asks for, for patterns whose schema node has no description (array items). */
const PATTERN_WORDS: Record<string, string> = {
  '^[a-z0-9][a-z0-9-]{0,31}$':
    'A keyword is 1–32 lowercase letters, digits and hyphens (no spaces, no capitals), for example "temperature".',
  '^[a-z][a-z0-9-]{0,31}$':
    'A measure is 1–32 lowercase letters, digits and hyphens starting with a letter, for example "temperature".',
  '^[A-Z][A-Z0-9_]{0,63}$':
    'A secret name is 1–64 capital letters, digits and underscores starting with a letter, for example "API_KEY".',
};

/** A close value that matches `pattern` (case, spaces, underscores), if there is one. */
function suggestion(value: string, pattern: string): string | undefined {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
  const trimmed = value.trim();
  const candidates = [
    trimmed.toLowerCase(),
    trimmed.toUpperCase(),
    trimmed.toLowerCase().replace(/[\s_]+/g, '-'),
    trimmed.toUpperCase().replace(/[\s-]+/g, '_'),
  ];
  return candidates.find((candidate) => candidate !== value && regex.test(candidate));
}

/** How a close value differs: "use lowercase: \"gps\"". */
function suggest(value: unknown, pattern: string): string {
  if (typeof value !== 'string') return '';
  const close = suggestion(value, pattern);
  if (close === undefined) return '';
  const how =
    close === value.trim().toLowerCase()
      ? 'use lowercase'
      : close === value.trim().toUpperCase()
        ? 'use capitals'
        : 'use';
  return ` Did you mean ${JSON.stringify(close)} (${how})?`;
}

/** Examples of the entries a discriminated list holds, by the list's field. */
const ENTRY_EXAMPLES: Record<string, string> = {
  permissions: '{ "name": "network:fetch", "reason": "Reads the forecast", "hosts": ["api.example.com"] }',
  capabilities: '{ "type": "automation-step", "id": "convert", "title": "Convert units", … }',
};

/** A key of `data` that looks like a misspelt `tag` ("permission" for "name", "Name", "kind" for "type"). */
function misspeltTag(data: unknown, tag: string): string | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const keys = Object.keys(data);
  const aliases: Record<string, string[]> = { name: ['permission', 'perm', 'id'], type: ['kind', 'capability'] };
  return keys.find(
    (key) => key !== tag && (key.toLowerCase() === tag || (aliases[tag] ?? []).includes(key.toLowerCase())),
  );
}

function missingTag(field: string, tag: string, data: unknown): string {
  const list = /^([A-Za-z]+)\[\d+\]$/.exec(field)?.[1];
  const example = list && ENTRY_EXAMPLES[list] ? ` An entry looks like ${ENTRY_EXAMPLES[list]}.` : '';
  const misspelt = misspeltTag(data, tag);
  if (misspelt !== undefined) {
    return `${field} has no "${tag}" but an unknown key "${misspelt}": rename "${misspelt}" to "${tag}".${example}`;
  }
  const keys = data !== null && typeof data === 'object' ? Object.keys(data) : [];
  const has = keys.length ? ` (its keys: ${keys.map((k) => JSON.stringify(k)).join(', ')})` : '';
  return `${field} must have a string "${tag}"${has}.${example}`;
}

/**
 * Turns an ajv error into a sentence that says what is wrong, where, and what is expected
 * (using the schema's own descriptions), or undefined for errors that only repeat another one.
 */
export function describeSchemaError(error: ErrorObject): string | undefined {
  const field = fieldName(error.instancePath);
  const parent = error.parentSchema as SchemaNode | undefined;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const described = parent?.properties?.[missing]?.description;
      return `${field} is missing the required field "${missing}".${hint(described)}`;
    }
    case 'additionalProperties': {
      const allowed = Object.keys(parent?.properties ?? {});
      return `${field} has an unknown field "${String(params.additionalProperty)}". Remove it or fix its spelling; allowed fields: ${allowed.join(', ')}.`;
    }
    case 'enum':
      return `${field} is ${JSON.stringify(error.data)}; it must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'const':
      return `${field} must be ${JSON.stringify(params.allowedValue)}.`;
    case 'discriminator': {
      const tag = String(params.tag);
      const mapping = (error.parentSchema as { oneOf?: Array<{ $ref?: string }> } | undefined)?.oneOf?.length;
      return params.error === 'mapping'
        ? `${field}.${tag} ${JSON.stringify((error.data as Record<string, unknown>)?.[tag])} is not one of the ${mapping ?? ''} known values.`
        : missingTag(field, tag, error.data);
    }
    case 'pattern':
      return `${field} ${JSON.stringify(error.data)} is not in the expected form.${hint(parent?.description ?? PATTERN_WORDS[String(params.pattern)])}${suggest(error.data, String(params.pattern))}`;
    case 'format':
      return `${field} ${JSON.stringify(error.data)} is not a valid ${String(params.format)}.${hint(parent?.description)}`;
    case 'type':
      return `${field} must be ${String(params.type)}${Array.isArray(error.data) ? ' (found an array)' : error.data === null ? ' (found null)' : ` (found ${typeof error.data})`}.`;
    case 'uniqueItems':
      return `${field} lists the same value twice (items ${String(params.j)} and ${String(params.i)}).`;
    case 'minLength':
    case 'maxLength':
      return `${field} must have ${error.keyword === 'minLength' ? 'at least' : 'at most'} ${String(params.limit)} characters.`;
    case 'minItems':
    case 'maxItems':
      return `${field} must have ${error.keyword === 'minItems' ? 'at least' : 'at most'} ${String(params.limit)} items.`;
    case 'minimum':
    case 'maximum':
      return `${field} must be ${String(params.comparison)} ${String(params.limit)}.`;
    case 'oneOf':
    case 'if':
      // Summaries of branch errors that are reported on their own.
      return undefined;
    default:
      return `${field} ${error.message ?? 'is invalid'}.`;
  }
}
