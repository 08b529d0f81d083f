// The messages between the host (main thread) and a sandbox worker. Plugin code runs only in the
// worker; every service call crosses as a message, so the host decides — with its own clock —
// whether the call is still allowed, and can end the worker at any moment.
import type { PermissionName } from '@mlebotics/shared';
import { fetchHostAllowed } from '@mlebotics/shared/permissions/hosts';
import type { HostErrorCode } from './errors.js';
import type { JsonObject, JsonValue } from './json.js';
import type { SandboxLimits } from './limits.js';
import type { EffectivePermissions } from './permissions.js';
import type { AuditEvent, FetchRequest, HostServices, LogEntry, Notification, ServiceCall } from './services.js';

/** Each operation a bridge can ask of the host, with the permission it needs. */
export const SERVICE_OPERATIONS = {
  fetch: 'network:fetch',
  'storage.get': 'storage:plugin',
  'storage.set': 'storage:plugin',
  'storage.delete': 'storage:plugin',
  'storage.list': 'storage:plugin',
  'sensors.read': 'sensors:read',
  'actuators.command': 'actuators:command',
  'automation.execute': 'automation:execute',
  'notifications.send': 'notifications:send',
  'secrets.read': 'secrets:read',
} as const satisfies Record<string, PermissionName>;

export type ServiceOperation = keyof typeof SERVICE_OPERATIONS;
export type ServiceName = Exclude<keyof HostServices, 'log'>;

/** A fetch request as it crosses threads: the URL as its serialization (re-parsed and re-checked). */
export type WireFetchRequest = Omit<FetchRequest, 'url'> & { url: string };

export function serviceOf(operation: ServiceOperation): ServiceName {
  return operation.split('.')[0] as ServiceName;
}

/** The services a caller supplied (a bridge whose service is missing fails when called). */
export function availableServices(services: HostServices): ServiceName[] {
  const names: ServiceName[] = ['fetch', 'storage', 'sensors', 'actuators', 'automation', 'notifications', 'secrets'];
  return names.filter((name) => services[name] !== undefined);
}

/** Calls the caller's service for an operation; arguments were checked by the bridge. */
export function invokeService(
  services: HostServices,
  operation: ServiceOperation,
  args: JsonValue[],
  call: ServiceCall,
): Promise<unknown> {
  const missing = () => Promise.reject(new Error(`No ${serviceOf(operation)} service on this host.`));
  switch (operation) {
    case 'fetch': {
      const request = args[0] as unknown as WireFetchRequest;
      return services.fetch ? services.fetch({ ...request, url: new URL(request.url) }, call) : missing();
    }
    case 'storage.get':
      return services.storage ? services.storage.get(args[0] as string, call) : missing();
    case 'storage.set':
      return services.storage ? services.storage.set(args[0] as string, args[1]!, call) : missing();
    case 'storage.delete':
      return services.storage ? services.storage.delete(args[0] as string, call) : missing();
    case 'storage.list':
      return services.storage ? services.storage.list(args[0] as string, call) : missing();
    case 'sensors.read':
      return services.sensors ? services.sensors.read(args[0] as string, args[1] as JsonObject, call) : missing();
    case 'actuators.command':
      return services.actuators
        ? services.actuators.command(args[0] as string, args[1] as JsonObject, call)
        : missing();
    case 'automation.execute':
      return services.automation ? services.automation.execute(args[0] as string, args[1]!, call) : missing();
    case 'notifications.send':
      return services.notifications ? services.notifications.send(args[0] as unknown as Notification, call) : missing();
    case 'secrets.read':
      return services.secrets ? services.secrets.read(args[0] as string, call) : missing();
  }
}

/**
 * The host's own check of a call against the run's grant, made again on the main thread for
 * every call (the worker's bridges check first). A call that fails it means the worker is not
 * doing what the host code says, so the run ends as an engine fault.
 */
export function outsideGrant(
  operation: ServiceOperation,
  args: JsonValue[],
  permissions: EffectivePermissions,
): string | undefined {
  if (!Object.hasOwn(SERVICE_OPERATIONS, operation)) return `unknown operation ${String(operation)}`;
  const permission = SERVICE_OPERATIONS[operation];
  if (!permissions.names.has(permission)) return `${operation} needs ${permission}, which was not granted`;
  if (operation === 'fetch') {
    const request = args[0] as unknown as WireFetchRequest | undefined;
    let url: URL;
    try {
      url = new URL(String(request?.url));
    } catch {
      return 'fetch without an absolute URL';
    }
    if (
      url.protocol !== 'https:' ||
      url.username !== '' ||
      url.password !== '' ||
      !fetchHostAllowed(permissions.fetchHosts, url)
    )
      return `fetch of ${url.host} outside the granted hosts`;
  }
  if (operation === 'secrets.read' && !permissions.secrets.has(String(args[0])))
    return 'a secret outside the granted names';
  return undefined;
}

/** What a service call returned, as it crosses back. */
export type CallOutcome =
  | { ok: true; json?: string }
  | {
      ok: false;
      /** bridge: BridgeError (message shown); denied: a refusal; internal: anything else (generic). */
      kind: 'bridge' | 'denied' | 'internal';
      message: string;
      detail?: AuditEvent['detail'];
    };

export interface RunMessage {
  type: 'run';
  runId: number;
  pluginId: string;
  main: string;
  stepId: string;
  input: JsonValue;
  permissions: EffectivePermissions;
  services: ServiceName[];
  limits: SandboxLimits & { timeoutMs: number };
  /** The deadline on the shared wall clock (`performance.timeOrigin + performance.now()`). */
  deadline: number;
  /** The package files, cached in the worker under this key; sent only when it lacks them. */
  filesKey: string;
  files?: Array<[string, Uint8Array]>;
  /** Cached packages the worker drops first (the host keeps the worker's cache bounded). */
  evict: string[];
}

export interface ReplyMessage {
  type: 'reply';
  runId: number;
  callId: number;
  outcome: CallOutcome;
}

export type ToWorker = RunMessage | ReplyMessage;

export type RunOutcome = { ok: true; output: string } | { ok: false; code: HostErrorCode; message: string };

export type FromWorker =
  | { type: 'ready' }
  | {
      type: 'call';
      runId: number;
      callId: number;
      operation: ServiceOperation;
      args: JsonValue[];
      event: AuditEvent;
    }
  | { type: 'refused'; runId: number; event: AuditEvent }
  | { type: 'log'; runId: number; entry: LogEntry }
  | { type: 'fault'; runId: number; message: string }
  | {
      type: 'done';
      runId: number;
      outcome: RunOutcome;
      /** The worker should not be reused (an engine trap, a host stack overflow). */
      discard: boolean;
      logsDropped: number;
    };

/** Wall-clock milliseconds comparable between threads. */
export function sharedNow(): number {
  return performance.timeOrigin + performance.now();
}
