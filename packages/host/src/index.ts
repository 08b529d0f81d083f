// The plugin host: verifies published plugins and runs their automation steps in a QuickJS
// sandbox with only the permissions the organization granted. See README.md for the plugin API.
import { sandboxPool } from './shared-pool.js';

export { load, type LoadOptions, type LoadedPlugin, type RunStepOptions, type StepResult } from './load.js';
export { verifyArtifact, type ArtifactVerification, type VerifyArtifactInput } from './verify.js';
export { BridgeError, HOST_ERROR_CODES, PluginHostError, isHostErrorCode, type HostErrorCode } from './errors.js';
export type {
  AuditEvent,
  AuditSink,
  FetchRequest,
  FetchResponse,
  HostServices,
  LogEntry,
  Notification,
  ServiceCall,
} from './services.js';
export { fetchFailure } from './fetch-failure.js';
export {
  DEVICE_ID,
  SERVICE_LIMITS,
  checkDeviceId,
  checkListPrefix,
  checkStorageKey,
  checkStoredValue,
  normalizeNotification,
} from './service-rules.js';
export { FETCH_LIMITS, platformFetch, platformFetchService, type PlatformFetchInit } from './net-fetch.js';
export { DEFAULT_SANDBOX_LIMITS, DEFAULT_STEP_TIMEOUT_MS, type SandboxLimits } from './limits.js';
export type { JsonObject, JsonValue } from './json.js';
export { effectivePermissions, type EffectivePermissions } from './permissions.js';
export { DEFAULT_POOL_OPTIONS, SandboxPool, type RunSummary, type SandboxPoolOptions } from './pool.js';
export { configureSandboxPool, sandboxPool, shutdownSandboxPool } from './shared-pool.js';
export { SANDBOX_WORKER_EXTERNAL, SANDBOX_WORKER_FILE, SANDBOX_WORKER_SOURCE } from './worker-entry.js';

/** Starts the sandbox workers (and compiles QuickJS) ahead of the first run. */
export function warmUp(): Promise<void> {
  return sandboxPool().warmUp();
}
