import * as z from 'zod/mini';
import { timestampSchema } from '../converter.js';
import { orgSettingsSchema } from './organizations.js';
import { capabilityTypeSchema, permissionSchema } from './pieces.js';

// Installs and the runtime ----------------------------------------------------------------------

export const installCapabilitySchema = z.strictObject({
  type: capabilityTypeSchema,
  id: z.string(),
  title: z.string(),
});

/** `orgs/{orgId}/installs/{pluginId}`. */
export const installDocSchema = z.strictObject({
  pluginId: z.string(),
  name: z.string(),
  publisherId: z.string(),
  iconDataUrl: z.nullable(z.string()),
  version: z.string(),
  grantedPermissions: z.array(permissionSchema),
  capabilities: z.array(installCapabilitySchema),
  /** Who consented to which permissions of which exact package, and when. */
  consent: z.strictObject({
    uid: z.string(),
    /** Only when the identity provider verified it. */
    email: z.nullable(z.string()),
    emailVerified: z.boolean(),
    at: timestampSchema,
    manifestSha256: z.string(),
    packageSha256: z.string(),
    permissions: z.array(permissionSchema),
  }),
  installedAt: timestampSchema,
  installedBy: z.string(),
  updatedAt: timestampSchema,
  /**
   * A development build (`orgs/{orgId}/devBuilds/{pluginId}`) rather than a published version:
   * the build consented to. Runs always load the organization's latest build of the plugin.
   */
  development: z.optional(z.strictObject({ build: z.int(), sha256: z.string() })),
});

/** Someone as the console shows them: uid and the name (or email) they go by. */
export const personSchema = z.strictObject({ uid: z.string(), name: z.string() });

/**
 * `orgs/{orgId}/installRequests/{pluginId}`: a member asked the owners and admins to install a
 * plugin; one per organization and plugin (asking again after a decision starts a new one).
 */
export const installRequestDocSchema = z.strictObject({
  pluginId: z.string(),
  pluginName: z.string(),
  /** The latest version when asked (the owner installs whatever is latest when approving). */
  version: z.string(),
  note: z.string(),
  requestedBy: personSchema,
  requestedAt: timestampSchema,
  status: z.enum(['pending', 'approved', 'declined']),
  decidedBy: z.nullable(personSchema),
  decidedAt: z.nullable(timestampSchema),
  /** Why it was declined; the installed version when approved. */
  outcome: z.nullable(z.string()),
});

export const bridgeAuditEventSchema = z.strictObject({
  permission: z.string(),
  operation: z.string(),
  allowed: z.boolean(),
  detail: z.optional(z.string()),
});

const auditBase = { pluginId: z.string(), uid: z.string(), at: timestampSchema };

/** `orgs/{orgId}/auditLog/{entryId}`: what happened in an organization, by whom (server-written). */
export const auditEntryDocSchema = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('install'),
    ...auditBase,
    version: z.string(),
    email: z.nullable(z.string()),
    permissions: z.array(permissionSchema),
  }),
  z.strictObject({ action: z.literal('uninstall'), ...auditBase, version: z.string(), email: z.nullable(z.string()) }),
  z.strictObject({
    action: z.literal('update'),
    ...auditBase,
    fromVersion: z.string(),
    version: z.string(),
    email: z.nullable(z.string()),
    reconsented: z.boolean(),
    permissions: z.array(permissionSchema),
  }),
  z.strictObject({
    action: z.literal('org.settings'),
    uid: z.string(),
    settings: orgSettingsSchema,
    at: timestampSchema,
  }),
  z.strictObject({
    action: z.literal('plugin.bridge'),
    ...auditBase,
    via: z.enum(['step', 'panel']),
    calls: z.array(bridgeAuditEventSchema),
    version: z.string(),
    /** Automation steps: which step, how it ended, and what the sandbox bounded. */
    stepId: z.optional(z.string()),
    outcome: z.optional(z.string()),
    serviceCalls: z.optional(z.int()),
    refusedCalls: z.optional(z.int()),
    refusedSampled: z.optional(z.int()),
    logLinesDropped: z.optional(z.int()),
  }),
]);

/** `panelSessions/{token}`: a short-lived session of an open UI panel. */
export const panelSessionDocSchema = z.strictObject({
  orgId: z.string(),
  pluginId: z.string(),
  version: z.string(),
  panelId: z.string(),
  uid: z.string(),
  methods: z.array(z.string()),
  expiresAt: timestampSchema,
  /** For a Firestore TTL policy. */
  expireAt: timestampSchema,
});

/** `orgs/{orgId}/pluginData/{pluginId}/entries/{key}`: `storage:plugin` entries (JSON text). */
export const storageEntryDocSchema = z.strictObject({ key: z.string(), json: z.string(), updatedAt: timestampSchema });

/** `orgs/{orgId}/sensors/{sensorId}`: a live reading the platform feeds (managers in the console). */
export const sensorReadingDocSchema = z.strictObject({
  value: z.union([z.number(), z.string(), z.boolean()]),
  unit: z.optional(z.string()),
  at: timestampSchema,
});

/** `orgs/{orgId}/secrets/{name}`: write-only for managers, read by plugins granted `secrets:read`. */
export const secretDocSchema = z.strictObject({ value: z.string(), updatedAt: timestampSchema });

const queued = {
  pluginId: z.string(),
  requestedBy: z.string(),
  via: z.enum(['step', 'panel']),
  status: z.literal('queued'),
  at: timestampSchema,
};
/** `orgs/{orgId}/actuatorCommands/{id}`: a queued command (the command as JSON text). */
export const actuatorCommandDocSchema = z.strictObject({ ...queued, actuatorId: z.string(), command: z.string() });
/** `orgs/{orgId}/notifications/{id}`. */
export const notificationDocSchema = z.strictObject({
  ...queued,
  title: z.string(),
  body: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
});
/** `orgs/{orgId}/automationRuns/{id}`: a queued run (the input as JSON text). */
export const automationRunDocSchema = z.strictObject({ ...queued, flowId: z.string(), input: z.string() });

/** How long a step run's record is kept (a Firestore TTL policy on `runs.expireAt` deletes it). */
export const RUN_RECORD_RETENTION_DAYS = 30;

/**
 * `orgs/{orgId}/runs/{runId}`: one automation step run, written by `runPluginStep` however it
 * ended: what went in and came out (JSON text, cut to a bound), the log, the permission uses, and
 * for a failure its code with the title and advice the console shows. Readable by the
 * organization's members; kept for RUN_RECORD_RETENTION_DAYS.
 */
export const runRecordDocSchema = z.strictObject({
  pluginId: z.string(),
  version: z.string(),
  stepId: z.string(),
  /** Who ran it. */
  uid: z.string(),
  input: z.string(),
  /** The output as JSON text when the run succeeded (cut, and `outputCut` set, past the bound). */
  output: z.nullable(z.string()),
  outputCut: z.boolean(),
  /** `ok`, or the host error code of the failure. */
  outcome: z.string(),
  error: z.nullable(z.strictObject({ code: z.string(), title: z.string(), advice: z.string(), message: z.string() })),
  logs: z.array(z.string()),
  /** `ctx.log` lines past the per-run limit, counted only. */
  logLinesDropped: z.int(),
  calls: z.array(bridgeAuditEventSchema),
  /** Permission uses of the run, when more were made than `calls` keeps. */
  callsTotal: z.int(),
  durationMs: z.number(),
  at: timestampSchema,
  /** For the Firestore TTL policy: `at` + RUN_RECORD_RETENTION_DAYS. */
  expireAt: timestampSchema,
});
