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
        : `${field} must have a string "${tag}".`;
    }
    case 'pattern':
      return `${field} ${JSON.stringify(error.data)} is not in the expected form.${hint(parent?.description)}`;
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
