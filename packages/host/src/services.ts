import type { PermissionName } from '@mlebotics/shared';
import type { JsonObject, JsonValue } from './json.js';

/** Passed to every service call. */
export interface ServiceCall {
  /** Aborted when the run ends (finished, failed or timed out): stop work, the result is dropped. */
  signal: AbortSignal;
}

/** A request `ctx.fetch` has checked: https, a granted host, a known method, plain headers. */
export interface FetchRequest {
  /**
   * The parsed URL the allow-list check was made on (the same object, never re-parsed). Do not
   * follow redirects: a redirect may lead to a host the plugin was not granted (use
   * `redirect: 'manual'` and return the 3xx response).
   */
  url: URL;
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  body?: string;
  /** Stop reading the response body beyond this many bytes (the bridge refuses larger bodies). */
  maxResponseBytes: number;
}

export interface FetchResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as text. */
  body: string;
}

export interface Notification {
  title: string;
  body: string;
  severity: 'info' | 'warning' | 'critical';
}

export interface LogEntry {
  level: 'info';
  message: string;
}

/**
 * The real implementations behind the bridges, supplied by the caller for one run and already
 * scoped by it (storage to the organization and plugin, sensors and actuators to the
 * organization's robots, and so on). A bridge exists in the sandbox only when its permission is
 * both declared and granted; a granted bridge whose service is missing fails when called.
 *
 * Arguments arrive as fresh plain JSON data, validated; results must be JSON data. Throw a
 * `BridgeError` for a failure the plugin should see with its message; any other error reaches
 * the plugin as a generic message (host details stay out of the sandbox) and is given to the
 * audit callback.
 */
export interface HostServices {
  /** `network:fetch` */
  fetch?(request: FetchRequest, call: ServiceCall): Promise<FetchResponse>;
  /** `storage:plugin`: key-value data of this plugin in this organization. */
  storage?: {
    /** The stored value, or undefined when there is none. */
    get(key: string, call: ServiceCall): Promise<JsonValue | undefined>;
    set(key: string, value: JsonValue, call: ServiceCall): Promise<void>;
    delete(key: string, call: ServiceCall): Promise<void>;
    /** Keys starting with `prefix` (all keys when it is empty). */
    list(prefix: string, call: ServiceCall): Promise<string[]>;
  };
  /** `sensors:read` */
  sensors?: { read(sensorId: string, query: JsonObject, call: ServiceCall): Promise<JsonValue> };
  /** `actuators:command` */
  actuators?: { command(actuatorId: string, command: JsonObject, call: ServiceCall): Promise<JsonValue> };
  /** `automation:execute`: starts one of the organization's automation flows. */
  automation?: { execute(flowId: string, input: JsonValue, call: ServiceCall): Promise<JsonValue> };
  /** `notifications:send` */
  notifications?: { send(notification: Notification, call: ServiceCall): Promise<void> };
  /** `secrets:read`: the secret's value, or undefined when the organization has not set it. */
  secrets?: { read(name: string, call: ServiceCall): Promise<string | undefined> };
  /** `ctx.log` lines (no permission needed). Called synchronously; keep it cheap. */
  log?(entry: LogEntry): void;
}

/** One bridge call, allowed or refused. */
export interface AuditEvent {
  permission: PermissionName;
  /** The bridge operation: `fetch`, `storage.get`, `secrets.read`, … */
  operation: string;
  allowed: boolean;
  /**
   * What was asked (URL, key, secret name — never a secret's value) and, for refusals and
   * failures, why.
   */
  detail?: Record<string, string | number | boolean>;
}

/**
 * Receives every bridge call before it reaches a service, refusals included. If it throws, the
 * call is refused: nothing runs unaudited.
 */
export type AuditSink = (event: AuditEvent) => void;
