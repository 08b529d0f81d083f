// One local run of a plugin directory's step: pack it as `pack` does, validate it as an upload
// is validated, load it unsigned (@mlebotics/plugin-host/local) and run the step in the
// platform's sandbox with local services. Used by `mlebotics-plugin run` and its --watch.
import type { AuditEvent, HostErrorCode, JsonValue, RunSummary } from '@mlebotics/plugin-host';
import { HOST_ERROR_CODES, PluginHostError } from '@mlebotics/plugin-host/errors';
import { loadLocal } from '@mlebotics/plugin-host/local';
import type { Permission, PluginManifest, ValidationIssue } from '@mlebotics/shared';
import { packDirectory } from '@mlebotics/shared/node';
import path from 'node:path';
import { usage } from '../usage.js';
import { readFixtures } from './fixtures.js';
import { FileStorage, LocalServices, type QueuedRequest } from './local-services.js';
import { startSandbox } from './sandbox.js';

/** Where a plugin directory's local storage lives unless --storage says otherwise. */
export const DEFAULT_STORAGE_FILE = path.join('.mlebotics', 'storage.json');

export interface LocalRunOptions {
  dir: string;
  stepId: string;
  input: unknown;
  /** Permission names to grant (default: every declared permission). */
  grants?: readonly string[];
  fixturesFile?: string;
  /** Default: <dir>/.mlebotics/storage.json. */
  storageFile?: string;
}

/** A failed run's error, as the platform reports it (code, title, advice) plus the file:line. */
export interface LocalRunError {
  code: HostErrorCode;
  title: string;
  fix: string;
  message: string;
  /** `file:line[:column]` in the package, when the error came from the plugin's code. */
  location?: string;
}

/** What a local run did. */
export interface LocalRunResult {
  ok: boolean;
  pluginId: string;
  version: string;
  stepId: string;
  /** The granted permissions' names. */
  granted: string[];
  output?: JsonValue;
  error?: LocalRunError;
  logs: string[];
  logLinesDropped: number;
  /** Every permission use (bridge call), refusals included, as the platform audits them. */
  audit: AuditEvent[];
  /** Actuator commands, automation runs and notifications the step asked for. */
  queued: QueuedRequest[];
  /**
   * Why a local service failed (the storage file, a fixture): the plugin sees only the platform's
   * generic message, as it would there, but the developer running it locally is told the cause.
   */
  serviceErrors: string[];
  storageFile: string;
  durationMs: number;
}

/** A directory that does not make a valid package: the same problems `validate` prints. */
export interface InvalidPackage {
  invalid: ValidationIssue[];
}

/** The declared permissions to grant, from --grant names; a name not declared is a usage error. */
function grantsFor(manifest: PluginManifest, names: readonly string[] | undefined): Permission[] {
  if (names === undefined) return manifest.permissions;
  const declared = manifest.permissions.map((p) => p.name);
  for (const name of names) {
    if (!declared.includes(name as Permission['name'])) {
      usage(
        `--grant ${name}: ${manifest.id} does not declare that permission (it declares: ${declared.join(', ') || 'none'}). A run can only be granted declared permissions.`,
      );
    }
  }
  return manifest.permissions.filter((p) => names.includes(p.name));
}

function runError(error: PluginHostError): LocalRunError {
  // run-failure.ts ends a plugin error's message with "(at file:line:col)".
  const location = / \(at ([^()\s]+:\d+(?::\d+)?)\)/.exec(error.message)?.[1];
  const { title, fix } = HOST_ERROR_CODES[error.code];
  return { code: error.code, title, fix, message: error.message, ...(location ? { location } : {}) };
}

/** Runs one step of a plugin directory locally. */
export async function runLocalStep(options: LocalRunOptions): Promise<LocalRunResult | InvalidPackage> {
  const started = performance.now();
  // The sandbox worker starts (and compiles QuickJS) while the directory is packed and
  // validated: a cold run waits for the slower of the two, not for both. (The CLI has usually
  // started it already, before loading this module; then this keeps it.)
  startSandbox();
  const fixtures = await readFixtures(options.fixturesFile);
  const bytes = await packDirectory(options.dir);
  const loaded = await loadLocal(bytes, (manifest) => grantsFor(manifest, options.grants));
  if (!loaded.ok) return { invalid: loaded.errors };
  const { manifest } = loaded.plugin;
  const storageFile = options.storageFile ?? path.join(options.dir, DEFAULT_STORAGE_FILE);
  const services = new LocalServices(new FileStorage(storageFile), fixtures, options.fixturesFile);
  let summary: RunSummary | undefined;
  const base = {
    pluginId: manifest.id,
    version: manifest.version,
    stepId: options.stepId,
    granted: loaded.plugin.permissions.map((p) => p.name),
    logs: services.logs,
    audit: services.audit,
    queued: services.queued,
    serviceErrors: [] as string[],
    storageFile,
  };
  try {
    const result = await loaded.plugin.runStep(options.stepId, options.input, {
      services: services.hostServices(),
      audit: services.auditSink,
      onServiceError: (error, event) => {
        base.serviceErrors.push(`${event.operation}: ${error instanceof Error ? error.message : String(error)}`);
      },
      onRunEnd: (ended) => {
        summary = ended;
      },
    });
    return {
      ...base,
      ok: true,
      output: result.output,
      logLinesDropped: summary?.logLinesDropped ?? 0,
      durationMs: performance.now() - started,
    };
  } catch (error) {
    if (!(error instanceof PluginHostError)) throw error;
    return {
      ...base,
      ok: false,
      error: runError(error),
      logLinesDropped: summary?.logLinesDropped ?? 0,
      durationMs: performance.now() - started,
    };
  }
}
