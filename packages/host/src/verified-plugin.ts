// A plugin whose package checked out, ready to run its steps: what `load` (signed packages) and
// `loadLocal` (the CLI's unsigned ones) both return. Apart from load.ts so that a local run
// does not load the signature check and its elliptic-curve code.
import type { Permission, PluginManifest } from '@mlebotics/shared';
import { PluginHostError } from './errors.js';
import { JsonBoundaryError, parseBoundaryJson, stringifyBoundaryJson, type JsonValue } from './json.js';
import { DEFAULT_STEP_TIMEOUT_MS, MAX_INPUT_BYTES, resolveSandboxLimits, type SandboxLimits } from './limits.js';
import type { EffectivePermissions } from './permissions.js';
import type { RunSummary } from './pool.js';
import type { CompiledStep } from './schemas.js';
import type { AuditEvent, AuditSink, HostServices } from './services.js';
import { sandboxPool } from './shared-pool.js';

export interface RunStepOptions {
  /** The real implementations behind the granted bridges, scoped by the caller. */
  services: HostServices;
  /** Receives every bridge call, refusals included. */
  audit: AuditSink;
  /** Receives the real error when a service fails; the plugin only sees a generic message. */
  onServiceError?: (error: unknown, event: AuditEvent) => void;
  /** Called once when the run ends, however it ends: counts of calls, refusals and log lines. */
  onRunEnd?: (summary: RunSummary) => void;
  limits?: Partial<SandboxLimits>;
}

export interface StepResult {
  /** The step's output, checked against its output schema. */
  output: JsonValue;
  /** Wall time of the run, fresh sandbox included. */
  durationMs: number;
}

/** A verified plugin, ready to run its automation steps. */
export interface LoadedPlugin {
  readonly manifest: PluginManifest;
  /** The key that signed it and the package sha256, for the caller's records. */
  readonly keyId: string;
  readonly sha256: string;
  /** What its runs may do: the declared permissions the organization granted, narrowed. */
  readonly permissions: readonly Permission[];
  /** Ids of its automation steps. */
  readonly steps: readonly string[];
  /**
   * Runs one automation step in a fresh sandbox: validates `input` against the step's input
   * schema, runs the step with the bridges of the granted permissions, and validates the output.
   * Rejects with a PluginHostError (`not-found`, `invalid-input`, `invalid-output`, `timeout`,
   * `out-of-memory`, `permission-denied`, `call-limit`, `engine-fault`, `plugin-error`). The
   * step runs in a sandbox worker thread; see pool.ts.
   */
  runStep(stepId: string, input: unknown, options: RunStepOptions): Promise<StepResult>;
}

/** A plugin whose package checked out (signed for `load`, validated for `loadLocal`), ready to run. */
export class VerifiedPlugin implements LoadedPlugin {
  readonly steps: readonly string[];
  readonly permissions: readonly Permission[];

  constructor(
    readonly manifest: PluginManifest,
    readonly keyId: string,
    readonly sha256: string,
    private readonly files: ReadonlyMap<string, Uint8Array>,
    private readonly compiled: ReadonlyMap<string, CompiledStep>,
    private readonly granted: EffectivePermissions,
    private readonly limits: Partial<SandboxLimits>,
  ) {
    this.steps = Object.freeze([...compiled.keys()]);
    this.permissions = Object.freeze(granted.list);
  }

  async runStep(stepId: string, input: unknown, options: RunStepOptions): Promise<StepResult> {
    const started = performance.now();
    const { manifest } = this;
    const step = typeof stepId === 'string' ? this.compiled.get(stepId) : undefined;
    if (!step) {
      throw new PluginHostError(
        'not-found',
        `${manifest.id}@${manifest.version} has no automation step ${JSON.stringify(stepId)}${this.steps.length ? ` (its steps: ${this.steps.join(', ')})` : ''}.`,
      );
    }
    const overrides = { ...this.limits, ...options.limits };
    const limits = resolveSandboxLimits(overrides);
    const timeoutMs = overrides.timeoutMs ?? step.capability.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;

    let data: JsonValue;
    try {
      data = parseBoundaryJson(stringifyBoundaryJson(input, 'The input', MAX_INPUT_BYTES), 'The input');
    } catch (error) {
      if (error instanceof JsonBoundaryError) throw new PluginHostError('invalid-input', error.message);
      throw error;
    }
    const inputProblem = step.checkInput(data);
    if (inputProblem) {
      throw new PluginHostError(
        'invalid-input',
        `The input of step "${stepId}" does not match its schema: ${inputProblem}.`,
      );
    }

    const output = await sandboxPool().run({
      pluginId: manifest.id,
      filesKey: `${manifest.id}@${manifest.version}#${this.sha256}`,
      files: this.files,
      main: manifest.main,
      stepId,
      input: data,
      permissions: this.granted,
      services: options.services,
      audit: options.audit,
      onServiceError: options.onServiceError,
      onRunEnd: options.onRunEnd,
      limits: { ...limits, timeoutMs },
    });
    const outputProblem = step.checkOutput(output);
    if (outputProblem) {
      throw new PluginHostError(
        'invalid-output',
        `The output of step "${stepId}" of ${manifest.id} does not match its schema: ${outputProblem}.`,
      );
    }
    return { output, durationMs: performance.now() - started };
  }
}
