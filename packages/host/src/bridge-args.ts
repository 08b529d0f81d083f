// Checks of what a plugin passes to the bridges: plain JSON data copied out of the sandbox,
// checked here before anything reaches a service.
import { BridgeArgumentError } from './errors.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { SERVICE_LIMITS } from './service-rules.js';
import type { FetchRequest } from './services.js';

export const MAX_URL_CHARS = 8192;
const MAX_HEADERS = 64;
const MAX_HEADER_VALUE_CHARS = 8192;
// The notification service's own limits, so a step learns of a too-long text at the call.
export const MAX_TITLE_CHARS = SERVICE_LIMITS.notificationTitleChars;
export const MAX_NOTIFICATION_CHARS = SERVICE_LIMITS.notificationChars;
const METHODS = new Set<FetchRequest['method']>(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Headers that would change where or how the request goes rather than what it says.
const FORBIDDEN_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'upgrade',
  'keep-alive',
  'te',
  'trailer',
  'expect',
  'proxy-authorization',
  'proxy-connection',
]);

export function text(value: JsonValue | undefined, what: string, max: number, min = 1): string {
  if (typeof value !== 'string' || value.length < min || value.length > max) {
    throw new BridgeArgumentError(`${what} must be a string of ${min} to ${max} characters.`);
  }
  return value;
}

export function object(value: JsonValue | undefined, what: string, optional = false): JsonObject {
  if (optional && (value === undefined || value === null)) return {};
  if (!isJsonObject(value)) throw new BridgeArgumentError(`${what} must be an object.`);
  return value;
}

export function onlyKeys(value: JsonObject, allowed: readonly string[], what: string): void {
  const extra = Object.keys(value).filter((k) => !allowed.includes(k));
  if (extra.length > 0) {
    throw new BridgeArgumentError(
      `${what} has unknown field ${JSON.stringify(extra[0])} (allowed: ${allowed.join(', ')}).`,
    );
  }
}

/** The `init` of `ctx.fetch(url, init)`: method, headers and body, checked. */
export function fetchInit(value: JsonValue | undefined): Pick<FetchRequest, 'method' | 'headers' | 'body'> {
  const init = object(value, 'ctx.fetch(url, init): init', true);
  onlyKeys(init, ['method', 'headers', 'body'], 'ctx.fetch(url, init): init');
  const method = (init.method === undefined ? 'GET' : text(init.method, 'init.method', 10)).toUpperCase();
  if (!METHODS.has(method as FetchRequest['method'])) {
    throw new BridgeArgumentError(
      `ctx.fetch: method ${JSON.stringify(method)} is not one of ${[...METHODS].join(', ')}.`,
    );
  }
  const headers: Array<[string, string]> = [];
  const given = object(init.headers, 'init.headers', true);
  for (const [name, headerValue] of Object.entries(given)) {
    if (!HEADER_NAME.test(name))
      throw new BridgeArgumentError(`ctx.fetch: ${JSON.stringify(name)} is not a header name.`);
    const lower = name.toLowerCase();
    if (FORBIDDEN_HEADERS.has(lower) || lower.startsWith('proxy-')) {
      throw new BridgeArgumentError(`ctx.fetch: the ${lower} header is set by the host and cannot be given.`);
    }
    if (
      typeof headerValue !== 'string' ||
      headerValue.length > MAX_HEADER_VALUE_CHARS ||
      /[\r\n\0]/.test(headerValue)
    ) {
      throw new BridgeArgumentError(`ctx.fetch: the ${lower} header must be a one-line string.`);
    }
    headers.push([lower, headerValue]);
  }
  if (headers.length > MAX_HEADERS) throw new BridgeArgumentError(`ctx.fetch: at most ${MAX_HEADERS} headers.`);
  let body: string | undefined;
  if (init.body !== undefined && init.body !== null) {
    if (typeof init.body !== 'string') throw new BridgeArgumentError('ctx.fetch: init.body must be a string.');
    if (method === 'GET' || method === 'HEAD')
      throw new BridgeArgumentError(`ctx.fetch: a ${method} request has no body.`);
    body = init.body;
  }
  return { method: method as FetchRequest['method'], headers: Object.fromEntries(headers), body };
}
