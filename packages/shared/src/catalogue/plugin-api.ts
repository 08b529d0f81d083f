// The plugin-facing API of `ctx`, as data: which members each permission adds and the
// signature of each call. The typed SDK (packages/cli/sdk/index.d.ts) is generated from it, and
// a host test (packages/host/src/plugin-api.test.ts) calls every method in the real sandbox with
// these signatures, so the types, the docs and the bridges cannot drift apart unnoticed.
import type { PermissionName } from './index.js';

/** One parameter of a `ctx` call. `type` is TypeScript, in the SDK's own names. */
export interface ApiParam {
  name: string;
  /**
   * The TypeScript type. Every type except `JsonValue` refuses a number, which the host test
   * relies on to check that the bridge rejects a wrongly typed argument.
   */
  type: string;
  optional?: boolean;
  doc: string;
}

/** One `ctx` call (all return promises). */
export interface ApiMethod {
  /** Where it sits under `ctx`: `fetch`, `storage.get`. */
  path: string;
  params: readonly ApiParam[];
  /** The TypeScript type the promise resolves to. */
  returns: string;
  doc: string;
  /** Arguments of a valid call: shown as the JSDoc example, and made by the host test. */
  example: readonly unknown[];
}

/** A type the SDK declares for the signatures above (a TypeScript declaration body). */
export interface ApiType {
  name: string;
  doc: string;
  declaration: string;
}

export const PLUGIN_API_TYPES: readonly ApiType[] = [
  {
    name: 'FetchInit',
    doc: 'The options of `ctx.fetch`. `Host`, `Connection`, `Content-Length`, `Transfer-Encoding` and proxy headers are set by the host and refused here.',
    declaration: `interface FetchInit {
  /** Default \`GET\`. */
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Header names and one-line values (at most 64 headers). */
  headers?: { [name: string]: string };
  /** The request body as text; not with \`GET\` or \`HEAD\`. */
  body?: string;
}`,
  },
  {
    name: 'FetchResponse',
    doc: 'What `ctx.fetch` resolves to. Redirects are not followed: a 3xx response is returned as is. An HTTP error status is not a rejection: check `ok` or `status`.',
    declaration: `interface FetchResponse {
  status: number;
  /** \`status\` is 200–299. */
  ok: boolean;
  /** Lowercase header names. */
  headers: { [name: string]: string };
  /** The body as text, at most 1 MiB of UTF-8. */
  body: string;
}`,
  },
  {
    name: 'Notification',
    doc: 'A notification for the organization’s members.',
    declaration: `interface Notification {
  title: string;
  body: string;
  /** Default \`info\`. */
  severity?: 'info' | 'warning' | 'critical';
}`,
  },
];

const KEY = { name: 'key', type: 'string', doc: 'A key of 1 to 256 characters.' } as const;

/**
 * The `ctx` members each permission adds (none for `ui:panel`: a panel talks to the console with
 * `postMessage`). `ctx.log` needs no permission and is not listed.
 */
export const PLUGIN_API: Readonly<Record<PermissionName, readonly ApiMethod[]>> = {
  'network:fetch': [
    {
      path: 'fetch',
      params: [
        {
          name: 'url',
          type: 'string',
          doc: 'An absolute `https:` URL on one of the hosts (and ports) the permission lists; no user name or password.',
        },
        { name: 'init', type: 'FetchInit', optional: true, doc: 'Method, headers and body.' },
      ],
      returns: 'FetchResponse',
      doc: 'Sends an HTTPS request to a host declared in `network:fetch`. Another host rejects with a `PermissionDeniedError`.',
      example: [
        'https://api.example.com/v1/status',
        { method: 'POST', headers: { accept: 'application/json' }, body: '{}' },
      ],
    },
  ],
  'storage:plugin': [
    {
      path: 'storage.get',
      params: [KEY],
      returns: 'JsonValue | undefined',
      doc: 'The stored value, or `undefined` when there is none. Storage is private to the plugin within the organization.',
      example: ['last-level'],
    },
    {
      path: 'storage.set',
      params: [KEY, { name: 'value', type: 'JsonValue', doc: 'JSON data.' }],
      returns: 'void',
      doc: 'Stores a JSON value under a key.',
      example: ['last-level', { level: 0.42 }],
    },
    {
      path: 'storage.delete',
      params: [KEY],
      returns: 'void',
      doc: 'Removes a key (nothing happens when it is not there).',
      example: ['last-level'],
    },
    {
      path: 'storage.list',
      params: [{ name: 'prefix', type: 'string', optional: true, doc: 'Only keys starting with it (default: all).' }],
      returns: 'string[]',
      doc: 'The stored keys.',
      example: ['last-'],
    },
  ],
  'sensors:read': [
    {
      path: 'sensors.read',
      params: [
        { name: 'sensorId', type: 'string', doc: 'A sensor id of the organization, as listed under Devices.' },
        { name: 'query', type: 'JsonObject', optional: true, doc: 'Options for the sensor service.' },
      ],
      returns: 'JsonValue',
      doc: 'The latest reading of a sensor (`{ sensorId, value, unit, at }` on the platform).',
      example: ['line-1-temp'],
    },
  ],
  'actuators:command': [
    {
      path: 'actuators.command',
      params: [
        { name: 'actuatorId', type: 'string', doc: 'An actuator id of the organization.' },
        { name: 'command', type: 'JsonObject', doc: 'The command, a JSON object.' },
      ],
      returns: 'JsonValue',
      doc: 'Queues a command for an actuator (`{ commandId }` on the platform); it has not run when the promise resolves.',
      example: ['gripper-1', { action: 'open' }],
    },
  ],
  'automation:execute': [
    {
      path: 'automation.execute',
      params: [
        { name: 'flowId', type: 'string', doc: 'An automation flow of the organization.' },
        { name: 'input', type: 'JsonValue', optional: true, doc: 'The flow’s input (default `null`).' },
      ],
      returns: 'JsonValue',
      doc: 'Starts one of the organization’s automation flows.',
      example: ['restock', { shelf: 'A3' }],
    },
  ],
  'notifications:send': [
    {
      path: 'notifications.send',
      params: [{ name: 'notification', type: 'Notification', doc: 'Title, body and severity.' }],
      returns: 'void',
      doc: 'Sends a notification to the organization’s members; resolves once it is queued.',
      example: [{ title: 'Battery low', body: 'AGV 3 is at 12%.', severity: 'warning' }],
    },
  ],
  'secrets:read': [
    {
      path: 'secrets.read',
      params: [{ name: 'name', type: 'string', doc: 'A secret name the permission lists.' }],
      returns: 'string | undefined',
      doc: 'A secret’s value, or `undefined` when the organization has not set it. Another name rejects with a `PermissionDeniedError`.',
      example: ['FLEET_TOKEN'],
    },
  ],
  'ui:panel': [],
};
