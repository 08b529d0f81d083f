import type { AuditEvent } from './services.js';

/**
 * The closed set of reasons a plugin cannot be loaded or a step cannot run. Callers map a code to
 * what they show (an automation run's status, an operator notice); `message` on the error says
 * what exactly happened, in words fit for an operator or the plugin's developer.
 */
export const HOST_ERROR_CODES = {
  'verification-failed': {
    title: 'The plugin package failed verification',
    fix: 'The package is not the one the marketplace signed (or its key was revoked). Reinstall the plugin; if it persists, the version may have been tampered with.',
  },
  'not-found': {
    title: 'The plugin has no such step',
    fix: 'Check the step id against the plugin’s automation-step capabilities in its manifest.',
  },
  'invalid-input': {
    title: 'The step input does not match the step’s input schema',
    fix: 'Change the input so that it matches the schema the plugin declares for this step.',
  },
  'invalid-output': {
    title: 'The plugin returned an output that is not JSON data or does not match its output schema',
    fix: 'This is a defect in the plugin; report it to its publisher.',
  },
  timeout: {
    title: 'The step did not finish within its time budget',
    fix: 'The plugin ran longer than its time limit (its own work or the services it waited for) and was stopped.',
  },
  'out-of-memory': {
    title: 'The step used more memory than it is allowed',
    fix: 'The plugin exceeded its memory limit and was stopped. Use smaller inputs or report it to its publisher.',
  },
  'permission-denied': {
    title: 'The plugin tried something it has no permission for',
    fix: 'The plugin asked for a host, secret or service outside what the organization granted; the call was refused and audited.',
  },
  'call-limit': {
    title: 'The plugin made too many host calls',
    fix: 'A run may reach the platform services at most 1,000 times and be refused at most 100 times (see the plugin guide); the run was stopped. Batch the work, or report the plugin to its publisher.',
  },
  'engine-fault': {
    title: 'The sandbox stopped on an internal fault',
    fix: 'The plugin drove the sandbox engine into a fault (a trap or a host failure). The run was stopped and its sandbox discarded; the next run starts clean. Report it to the plugin’s publisher if it repeats.',
  },
  'plugin-error': {
    title: 'The plugin failed',
    fix: 'The plugin threw an error. The message is the plugin’s own; report it to its publisher if it persists.',
  },
} as const satisfies Record<string, { title: string; fix: string }>;

export type HostErrorCode = keyof typeof HOST_ERROR_CODES;

/** A failure to load or run a plugin, with a code from the closed set above. */
export class PluginHostError extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PluginHostError';
  }
}

export function isHostErrorCode(value: unknown): value is HostErrorCode {
  return typeof value === 'string' && Object.hasOwn(HOST_ERROR_CODES, value);
}

/**
 * An error a host service throws on purpose for the plugin to see: its message crosses into the
 * sandbox as is. Any other error thrown by a service reaches the plugin only as a generic
 * "the host could not complete …" message, so host details (paths, internal objects) stay out.
 */
export class BridgeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BridgeError';
  }
}

type AuditDetail = NonNullable<AuditEvent['detail']>;

/** A bridge refused the call for lack of permission: a PermissionDeniedError in the sandbox. */
export class BridgeDenied extends Error {
  constructor(
    message: string,
    readonly detail: AuditDetail = {},
  ) {
    super(message);
  }
}

/** A bridge refused its arguments: a TypeError in the sandbox. */
export class BridgeArgumentError extends Error {
  constructor(
    message: string,
    readonly detail: AuditDetail = {},
  ) {
    super(message);
  }
}
