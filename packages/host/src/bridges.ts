import type { PermissionName } from '@mlebotics/shared';
import type { QuickJSHandle } from 'quickjs-emscripten-core';
import { BridgeArgumentError, BridgeDenied, BridgeError } from './errors.js';
import { formatSize, isJsonObject, utf8Length, type JsonObject, type JsonValue } from './json.js';
import type { StepRun } from './sandbox.js';
import type { WireFetchRequest } from './protocol.js';
import type { AuditEvent, FetchRequest, FetchResponse, Notification } from './services.js';

type Detail = NonNullable<AuditEvent['detail']>;
type Allow = (detail: Detail) => AuditEvent;

const MAX_KEY_CHARS = 256;
const MAX_ID_CHARS = 200;
const MAX_URL_CHARS = 8192;
const MAX_HEADERS = 64;
const MAX_HEADER_VALUE_CHARS = 8192;
const MAX_TITLE_CHARS = 200;
const MAX_NOTIFICATION_CHARS = 4000;
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
const SEVERITIES = new Set<Notification['severity']>(['info', 'warning', 'critical']);

function text(value: JsonValue | undefined, what: string, max: number, min = 1): string {
  if (typeof value !== 'string' || value.length < min || value.length > max) {
    throw new BridgeArgumentError(`${what} must be a string of ${min} to ${max} characters.`);
  }
  return value;
}

function object(value: JsonValue | undefined, what: string, optional = false): JsonObject {
  if (optional && (value === undefined || value === null)) return {};
  if (!isJsonObject(value)) throw new BridgeArgumentError(`${what} must be an object.`);
  return value;
}

function onlyKeys(value: JsonObject, allowed: readonly string[], what: string): void {
  const extra = Object.keys(value).filter((k) => !allowed.includes(k));
  if (extra.length > 0) {
    throw new BridgeArgumentError(
      `${what} has unknown field ${JSON.stringify(extra[0])} (allowed: ${allowed.join(', ')}).`,
    );
  }
}

/**
 * A bridge function for a granted permission. `impl` checks its arguments, calls `allow` with
 * what it is about to do (counted against the run's service-call limit; the host audits the call
 * when it receives it) and starts the service call. A refusal before `allow` (bad arguments, a
 * host or secret outside the grant, no service) is reported to the host as not allowed.
 */
function permissioned(
  run: StepRun,
  permission: PermissionName,
  operation: string,
  impl: (args: JsonValue[], allow: Allow) => QuickJSHandle | undefined,
): QuickJSHandle {
  return run.bridgeFunction(`ctx.${operation}`, (handles) => {
    let allowed = false;
    const allow: Allow = (detail) => {
      run.countServiceCall(operation);
      allowed = true;
      return { permission, operation, allowed: true, detail };
    };
    try {
      run.assertCapacity();
      return impl(run.copyArgs(`ctx.${operation}`, handles), allow);
    } catch (error) {
      if (!allowed) {
        const detail =
          error instanceof BridgeDenied || error instanceof BridgeArgumentError ? error.detail : ({} as Detail);
        const reason = error instanceof Error ? error.message : 'the arguments could not be copied as JSON data';
        run.refused({ permission, operation, allowed: false, detail: { ...detail, reason } });
      }
      throw error;
    }
  });
}

function missing(service: string): never {
  throw new BridgeError(`${service} is not available on this host.`);
}

function fetchInit(value: JsonValue | undefined): Pick<FetchRequest, 'method' | 'headers' | 'body'> {
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

function fetchBridge(run: StepRun): QuickJSHandle {
  const { fetchHosts } = run.permissions;
  const { maxResponseBytes } = run.request.limits;
  return permissioned(run, 'network:fetch', 'fetch', (args, allow) => {
    const raw = text(args[0], 'ctx.fetch(url, init): url', MAX_URL_CHARS);
    // Parsed once and checked; the host receives its serialization, which parses to the same URL
    // (WHATWG URL serialization is idempotent), and checks it against the grant again.
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new BridgeArgumentError(`ctx.fetch: ${JSON.stringify(raw.slice(0, 200))} is not an absolute URL.`);
    }
    const asked = { url: `${url.origin}${url.pathname}` };
    if (url.protocol !== 'https:') {
      throw new BridgeDenied(`ctx.fetch: only https URLs may be fetched, not ${url.protocol}.`, asked);
    }
    if (url.username !== '' || url.password !== '') {
      throw new BridgeDenied('ctx.fetch: URLs with user names or passwords are not allowed.', asked);
    }
    if (!fetchHosts.has(url.host)) {
      throw new BridgeDenied(
        `ctx.fetch: ${url.host} is not a host this plugin may reach (granted: ${[...fetchHosts].join(', ')}).`,
        asked,
      );
    }
    const init = fetchInit(args[1]);
    if (!run.hasService('fetch')) missing('ctx.fetch');
    const request: WireFetchRequest = { url: url.href, ...init, maxResponseBytes };
    const event = allow({ method: request.method, ...asked });
    return run.startCall(event, 'fetch', [request as unknown as JsonValue], (response: FetchResponse) => {
      if (response === null || typeof response !== 'object') throw new Error('The fetch service returned no response.');
      const { status, body } = response;
      if (!Number.isInteger(status) || status < 100 || status > 599) {
        throw new Error(`The fetch service returned status ${String(status)}.`);
      }
      if (typeof body !== 'string') throw new Error('The fetch service returned a body that is not text.');
      if (utf8Length(body) > maxResponseBytes) {
        throw new BridgeError(`The response from ${url.host} is larger than ${formatSize(maxResponseBytes)} of UTF-8.`);
      }
      const headers = Object.fromEntries(
        Object.entries(response.headers ?? {})
          .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
          .map(([name, value]) => [name.toLowerCase(), value]),
      );
      return { status, ok: status >= 200 && status < 300, headers, body };
    });
  });
}

function storageBridges(run: StepRun): QuickJSHandle {
  const key = (value: JsonValue | undefined) => text(value, 'The storage key', MAX_KEY_CHARS);
  const storage = () => run.hasService('storage') || missing('ctx.storage');
  return run.newNamespace({
    get: permissioned(run, 'storage:plugin', 'storage.get', (args, allow) => {
      const k = key(args[0]);
      storage();
      const event = allow({ key: k });
      return run.startCall(event, 'storage.get', [k], (value) => run.resultJson(value, 'The stored value'));
    }),
    set: permissioned(run, 'storage:plugin', 'storage.set', (args, allow) => {
      const k = key(args[0]);
      if (args.length < 2) throw new BridgeArgumentError('ctx.storage.set(key, value): value is required.');
      const value = args[1]!;
      storage();
      const event = allow({ key: k });
      return run.startCall(event, 'storage.set', [k, value], () => undefined);
    }),
    delete: permissioned(run, 'storage:plugin', 'storage.delete', (args, allow) => {
      const k = key(args[0]);
      storage();
      const event = allow({ key: k });
      return run.startCall(event, 'storage.delete', [k], () => undefined);
    }),
    list: permissioned(run, 'storage:plugin', 'storage.list', (args, allow) => {
      const prefix = args[0] === undefined || args[0] === null ? '' : text(args[0], 'The prefix', MAX_KEY_CHARS, 0);
      storage();
      const event = allow({ prefix });
      return run.startCall(event, 'storage.list', [prefix], (keys) => {
        if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string')) {
          throw new Error('The storage service listed keys that are not strings.');
        }
        return run.resultJson(keys, 'The key list');
      });
    }),
  });
}

function sensorsBridge(run: StepRun): QuickJSHandle {
  return run.newNamespace({
    read: permissioned(run, 'sensors:read', 'sensors.read', (args, allow) => {
      const sensorId = text(args[0], 'ctx.sensors.read(sensorId, query?): sensorId', MAX_ID_CHARS);
      const query = object(args[1], 'ctx.sensors.read(sensorId, query?): query', true);
      if (!run.hasService('sensors')) missing('ctx.sensors');
      const event = allow({ sensorId });
      return run.startCall(event, 'sensors.read', [sensorId, query], (value) =>
        run.resultJson(value, 'The sensor reading'),
      );
    }),
  });
}

function actuatorsBridge(run: StepRun): QuickJSHandle {
  return run.newNamespace({
    command: permissioned(run, 'actuators:command', 'actuators.command', (args, allow) => {
      const actuatorId = text(args[0], 'ctx.actuators.command(actuatorId, command): actuatorId', MAX_ID_CHARS);
      const command = object(args[1], 'ctx.actuators.command(actuatorId, command): command');
      if (!run.hasService('actuators')) missing('ctx.actuators');
      const event = allow({ actuatorId });
      return run.startCall(event, 'actuators.command', [actuatorId, command], (value) =>
        run.resultJson(value, 'The actuator result'),
      );
    }),
  });
}

function automationBridge(run: StepRun): QuickJSHandle {
  return run.newNamespace({
    execute: permissioned(run, 'automation:execute', 'automation.execute', (args, allow) => {
      const flowId = text(args[0], 'ctx.automation.execute(flowId, input?): flowId', MAX_ID_CHARS);
      const input = args[1] ?? null;
      if (!run.hasService('automation')) missing('ctx.automation');
      const event = allow({ flowId });
      return run.startCall(event, 'automation.execute', [flowId, input], (value) =>
        run.resultJson(value, 'The automation result'),
      );
    }),
  });
}

function notificationsBridge(run: StepRun): QuickJSHandle {
  return run.newNamespace({
    send: permissioned(run, 'notifications:send', 'notifications.send', (args, allow) => {
      const what = 'ctx.notifications.send({ title, body, severity? })';
      const given = object(args[0], what);
      onlyKeys(given, ['title', 'body', 'severity'], what);
      const severity = (given.severity ?? 'info') as Notification['severity'];
      if (!SEVERITIES.has(severity)) {
        throw new BridgeArgumentError(`${what}: severity must be one of ${[...SEVERITIES].join(', ')}.`);
      }
      const notification: Notification = {
        title: text(given.title, `${what}: title`, MAX_TITLE_CHARS),
        body: text(given.body, `${what}: body`, MAX_NOTIFICATION_CHARS, 0),
        severity,
      };
      if (!run.hasService('notifications')) missing('ctx.notifications');
      const event = allow({ title: notification.title, severity });
      return run.startCall(event, 'notifications.send', [notification as unknown as JsonValue], () => undefined);
    }),
  });
}

function secretsBridge(run: StepRun): QuickJSHandle {
  const { secrets } = run.permissions;
  return run.newNamespace({
    read: permissioned(run, 'secrets:read', 'secrets.read', (args, allow) => {
      const name = text(args[0], 'ctx.secrets.read(name): name', MAX_ID_CHARS);
      if (!secrets.has(name)) {
        throw new BridgeDenied(
          `ctx.secrets.read: this plugin may not read the secret ${JSON.stringify(name)} (granted: ${[...secrets].join(', ')}).`,
          { name },
        );
      }
      if (!run.hasService('secrets')) missing('ctx.secrets');
      const event = allow({ name });
      return run.startCall(event, 'secrets.read', [name], (value) => {
        if (value !== undefined && typeof value !== 'string')
          throw new Error('The secrets service returned a non-string.');
        return value;
      });
    }),
  });
}

function logBridge(run: StepRun): QuickJSHandle {
  return run.bridgeFunction('ctx.log', (handles) => {
    run.log(handles);
    return undefined;
  });
}

/**
 * Builds the plugin's `ctx`: one member per granted permission (absent otherwise, not present
 * and throwing), plus `log`. Frozen.
 */
export function installBridges(run: StepRun): QuickJSHandle {
  const { names } = run.permissions;
  const members: Record<string, QuickJSHandle> = {};
  if (names.has('network:fetch')) members.fetch = fetchBridge(run);
  if (names.has('storage:plugin')) members.storage = storageBridges(run);
  if (names.has('sensors:read')) members.sensors = sensorsBridge(run);
  if (names.has('actuators:command')) members.actuators = actuatorsBridge(run);
  if (names.has('automation:execute')) members.automation = automationBridge(run);
  if (names.has('notifications:send')) members.notifications = notificationsBridge(run);
  if (names.has('secrets:read')) members.secrets = secretsBridge(run);
  members.log = logBridge(run);
  return run.newNamespace(members);
}
