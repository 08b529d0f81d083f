import { z } from 'zod';
import { pluginIdSchema } from './installs.js';
import { defineCallable } from './define.js';
import { RUNTIME_LIMITS, utf8ByteLength } from '../limits.js';
import { orgIdSchema } from './orgs.js';
import { CAPABILITY_ID } from '../id-patterns.js';

const capabilityIdSchema = z.string().regex(CAPABILITY_ID, 'must be a capability id such as convert');

const jsonValue = z.unknown().refine(
  (value) => {
    try {
      return utf8ByteLength(JSON.stringify(value ?? null)) <= RUNTIME_LIMITS.inputBytes;
    } catch {
      return false;
    }
  },
  { message: `must be JSON of at most ${RUNTIME_LIMITS.inputBytes / 1024} KiB of UTF-8` },
);

export const runPluginStepInputSchema = z
  .object({ orgId: orgIdSchema, pluginId: pluginIdSchema, stepId: capabilityIdSchema, input: jsonValue })
  .strict();

/** One permission use by a plugin, allowed or denied, as recorded in the org's audit log. */
export interface BridgeAuditEvent {
  permission: string;
  operation: string;
  allowed: boolean;
  detail?: string;
}

export interface RunPluginStepOutput {
  output: unknown;
  version: string;
  durationMs: number;
  /** At most RUNTIME_LIMITS.logLines lines. */
  logs: string[];
  /** `ctx.log` lines past RUNTIME_LIMITS.logLines, counted only. */
  logLinesDropped: number;
  audit: BridgeAuditEvent[];
  /** The run's record in `orgs/{orgId}/runs` (absent when it could not be written). */
  runId?: string;
}

/**
 * What a failed `runPluginStep` carries in its error details besides the reason: the host's
 * error code, the log the run wrote before it failed, and its record.
 */
export interface RunPluginStepFailure {
  hostCode: string;
  logs: string[];
  logLinesDropped: number;
  runId?: string;
}

/**
 * Runs an automation step of a plugin the organization installed: the installed version's
 * artifact, verified against the published keys, in the sandbox with the org's grants.
 */
export const runPluginStep = defineCallable<RunPluginStepOutput>()('runPluginStep', runPluginStepInputSchema);

export const openPanelInputSchema = z
  .object({ orgId: orgIdSchema, pluginId: pluginIdSchema, panelId: capabilityIdSchema })
  .strict();

export interface OpenPanelOutput {
  /** The panel's entry, on the panel origin, with a short-lived token in its path. */
  url: string;
  /** The session token (also in `url`): every bridge call of this panel names it. */
  session: string;
  /** Origin the panel is served from (a different site than the console). */
  origin: string;
  height: number;
  /** Bridge methods the panel may call (from the org's grants). */
  methods: string[];
  expiresAt: string;
}

/** A short-lived URL for a `ui-panel` of an installed plugin. */
export const openPanel = defineCallable<OpenPanelOutput>()('openPanel', openPanelInputSchema);

/** What a panel may ask the console for over postMessage, by the permission each needs. */
export const PANEL_METHODS = {
  'storage.get': 'storage:plugin',
  'storage.set': 'storage:plugin',
  'storage.delete': 'storage:plugin',
  'storage.list': 'storage:plugin',
  'sensors.read': 'sensors:read',
  'notifications.send': 'notifications:send',
} as const;
export type PanelMethod = keyof typeof PANEL_METHODS;

export const panelBridgeInputSchema = z
  .object({
    orgId: orgIdSchema,
    pluginId: pluginIdSchema,
    /** The open panel's session (from openPanel): no session of this plugin, no bridge. */
    session: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/, 'must be the session of an open panel'),
    method: z.enum(Object.keys(PANEL_METHODS) as [PanelMethod, ...PanelMethod[]]),
    params: z
      .record(z.string(), z.unknown())
      .refine(
        (value) => utf8ByteLength(JSON.stringify(value)) <= RUNTIME_LIMITS.bridgeValueBytes,
        `must be JSON of at most ${RUNTIME_LIMITS.bridgeValueBytes / 1024} KiB of UTF-8`,
      ),
  })
  .strict();

/**
 * A panel's bridge call, forwarded by the console: only within a live session of that panel,
 * opened by the caller for that plugin in that organization, and only the methods its grant allows.
 */
export const panelBridge = defineCallable<{ result: unknown }>()('panelBridge', panelBridgeInputSchema);
