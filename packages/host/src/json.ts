import { jsonDepth } from '@mlebotics/shared/json-depth';
import { formatBytes, utf8ByteLength } from '@mlebotics/shared/limits';
import { MAX_JSON_DEPTH } from './limits.js';

/** Data that crosses the sandbox boundary: JSON values only. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Why JSON text from the other side of the boundary was refused. */
export class JsonBoundaryError extends Error {}

/**
 * Parses JSON text that came from the other side of the boundary into fresh plain data. Refuses
 * `__proto__` keys (JSON.parse makes them own properties, but a later merge with `Object.assign`
 * or a spread into a class instance would turn them into a prototype change) and nesting deeper
 * than the host's recursive code should walk.
 */
export function parseBoundaryJson(text: string, what: string): JsonValue {
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new JsonBoundaryError(`${what} nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  return JSON.parse(text, (key, value: unknown) => {
    if (key === '__proto__') throw new JsonBoundaryError(`${what} uses the reserved key "__proto__".`);
    return value;
  }) as JsonValue;
}

/**
 * Serializes host data for the sandbox (or a check): JSON text, or a JsonBoundaryError when the
 * value is not JSON data (undefined, functions, BigInt, cycles) or larger than `maxBytes`.
 */
export function stringifyBoundaryJson(value: unknown, what: string, maxBytes: number): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new JsonBoundaryError(`${what} is not JSON data (${(error as Error).message}).`);
  }
  if (text === undefined) throw new JsonBoundaryError(`${what} is not JSON data.`);
  if (utf8ByteLength(text) > maxBytes) {
    throw new JsonBoundaryError(`${what} is larger than ${formatBytes(maxBytes)} as JSON.`);
  }
  return text;
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
