/**
 * A JSON example of a step's input, made from its input JSON Schema: each property with a value
 * of its type (its default, first enum value or example when given). Shown as the starting input
 * and in the "not JSON" hint, so the hint is about this step.
 */
export function exampleFor(schema: unknown, depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > 4) return {};
  const s = schema as {
    type?: string | string[];
    default?: unknown;
    enum?: unknown[];
    examples?: unknown[];
    properties?: Record<string, unknown>;
    items?: unknown;
  };
  if (s.default !== undefined) return s.default;
  if (s.examples?.length) return s.examples[0];
  if (s.enum?.length) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return 'text';
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return s.items ? [exampleFor(s.items, depth + 1)] : [];
    case 'null':
      return null;
    default:
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, exampleFor(v, depth + 1)]));
  }
}
