import type { PermissionName } from '@mlebotics/shared';
import { fetchHostAllowed } from '@mlebotics/shared/permissions/hosts';
import { formatBytes, utf8ByteLength } from '@mlebotics/shared/limits';
import type { QuickJSHandle } from 'quickjs-emscripten-core';
import { BridgeArgumentError, BridgeDenied, BridgeError } from './errors.js';
import type { JsonValue } from './json.js';
import {
  MAX_NOTIFICATION_CHARS,
  MAX_TITLE_CHARS,
  MAX_URL_CHARS,
  fetchInit,
  object,
  onlyKeys,
  text,
} from './bridge-args.js';
import type { BridgeContext } from './run-types.js';
import type { WireFetchRequest } from './protocol.js';
import type { AuditEvent, FetchResponse, Notification } from './services.js';

type Detail = NonNullable<AuditEvent['detail']>;
type Allow = (detail: Detail) => AuditEvent;

const MAX_KEY_CHARS = 256;
const MAX_ID_CHARS = 200;
const SEVERITIES = new Set<Notification['severity']>(['info', 'warning', 'critical']);

/**
 * A bridge function for a granted permission. `impl` checks its arguments, calls `allow` with
 * what it is about to do (counted against the run's service-call limit; the host audits the call
 * when it receives it) and starts the service call. A refusal before `allow` (bad arguments, a
 * host or secret outside the grant, no service) is reported to the host as not allowed.
 */
function permissioned(
  run: BridgeContext,
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
      return impl(run.vm.copyArgs(`ctx.${operation}`, handles), allow);
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

function fetchBridge(run: BridgeContext): QuickJSHandle {
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
    if (!fetchHostAllowed(fetchHosts, url)) {
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
      if (utf8ByteLength(body) > maxResponseBytes) {
        throw new BridgeError(
          `The response from ${url.host} is larger than ${formatBytes(maxResponseBytes)} of UTF-8.`,
        );
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

function storageBridges(run: BridgeContext): QuickJSHandle {
  const key = (value: JsonValue | undefined) => text(value, 'The storage key', MAX_KEY_CHARS);
  const storage = () => run.hasService('storage') || missing('ctx.storage');
  return run.vm.newNamespace({
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

function sensorsBridge(run: BridgeContext): QuickJSHandle {
  return run.vm.newNamespace({
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

function actuatorsBridge(run: BridgeContext): QuickJSHandle {
  return run.vm.newNamespace({
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

function automationBridge(run: BridgeContext): QuickJSHandle {
  return run.vm.newNamespace({
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

function notificationsBridge(run: BridgeContext): QuickJSHandle {
  return run.vm.newNamespace({
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
        body: text(given.body, `${what}: body`, MAX_NOTIFICATION_CHARS),
        severity,
      };
      if (!run.hasService('notifications')) missing('ctx.notifications');
      const event = allow({ title: notification.title, severity });
      return run.startCall(event, 'notifications.send', [notification as unknown as JsonValue], () => undefined);
    }),
  });
}

function secretsBridge(run: BridgeContext): QuickJSHandle {
  const { secrets } = run.permissions;
  return run.vm.newNamespace({
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

function logBridge(run: BridgeContext): QuickJSHandle {
  return run.bridgeFunction('ctx.log', (handles) => {
    run.log(handles);
    return undefined;
  });
}

/**
 * Builds the plugin's `ctx`: one member per granted permission (absent otherwise, not present
 * and throwing), plus `log`. Frozen.
 */
export function installBridges(run: BridgeContext): QuickJSHandle {
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
  return run.vm.newNamespace(members);
}
