import { utf8ByteLength } from '@mlebotics/shared/limits';
// One run as the main thread sees it: it counts and audits what the worker asks for, serves the
// calls inside the grant and the limits, and ends the run (through the pool) past any of them.
import { BridgeDenied, BridgeError, PluginHostError, type HostErrorCode } from './errors.js';
import { parseBoundaryJson, type JsonValue } from './json.js';
import { AUDIT_REFUSAL_SAMPLES, MAX_AUDIT_DETAIL_CHARS, type SandboxLimits } from './limits.js';
import type { EffectivePermissions } from './permissions.js';
import { invokeService, outsideGrant, type CallOutcome, type FromWorker } from './protocol.js';
import { timeoutError } from './run-failure.js';
import type { AuditEvent, AuditSink, HostServices, LogEntry } from './services.js';

/** What happened in one run, for the caller's records (the audit log entry). */
export interface RunSummary {
  /** Calls that reached a service (every one was given to the audit sink). */
  serviceCalls: number;
  /** Refused bridge calls; the first AUDIT_REFUSAL_SAMPLES were given to the audit sink. */
  refusedCalls: number;
  refusedSampled: number;
  logLines: number;
  /** `ctx.log` lines past the limit, counted only. */
  logLinesDropped: number;
  /** How the run ended: `ok` or a host error code. */
  outcome: 'ok' | HostErrorCode;
  /** When the run started and its deadline, on this thread's performance.now() clock. */
  startedAt: number;
  deadlineAt: number;
}

export interface PoolRunRequest {
  pluginId: string;
  /** Identifies the package files (plugin, version, sha256): workers cache them under it. */
  filesKey: string;
  files: ReadonlyMap<string, Uint8Array>;
  main: string;
  stepId: string;
  input: JsonValue;
  permissions: EffectivePermissions;
  services: HostServices;
  audit: AuditSink;
  onServiceError?: (error: unknown, event: AuditEvent) => void;
  onRunEnd?: (summary: RunSummary) => void;
  limits: SandboxLimits & { timeoutMs: number };
}

/** What a run needs of the pool: to end it, to answer its worker, to discard its worker. */
export interface RunChannel {
  end(result: JsonValue | PluginHostError): void;
  reply(callId: number, outcome: CallOutcome): void;
  discardWorker(why: string): void;
}

const ENDED: CallOutcome = { ok: false, kind: 'bridge', message: 'The run has ended.' };

function clipDetail(event: AuditEvent): AuditEvent {
  if (!event.detail) return event;
  const detail: NonNullable<AuditEvent['detail']> = {};
  for (const [key, value] of Object.entries(event.detail)) {
    detail[key] =
      typeof value === 'string' && value.length > MAX_AUDIT_DETAIL_CHARS
        ? `${value.slice(0, MAX_AUDIT_DETAIL_CHARS)}…`
        : value;
  }
  return { ...event, detail };
}

export class PoolRun {
  /** On this thread's performance.now() clock; set when the worker gets the run. */
  deadline = Number.POSITIVE_INFINITY;
  startedAt = Number.NaN;
  ended = false;
  timer?: NodeJS.Timeout;
  readonly abort = new AbortController();
  private serviceCalls = 0;
  private refusedCalls = 0;
  private refusedSampled = 0;
  private logLines = 0;
  private logLinesDropped = 0;

  constructor(
    readonly id: number,
    readonly request: PoolRunRequest,
    private readonly channel: RunChannel,
  ) {}

  timeout(): PluginHostError {
    return timeoutError(this.request);
  }

  /** A refused bridge call: sampled into the audit; past the limit the run ends as abusive. */
  refused(event: AuditEvent): void {
    const { limits, stepId, pluginId } = this.request;
    this.refusedCalls += 1;
    if (this.refusedSampled < AUDIT_REFUSAL_SAMPLES && !this.ended) {
      this.refusedSampled += 1;
      this.audit(event);
    }
    if (this.refusedCalls > limits.maxRefusedCalls) {
      this.channel.end(
        new PluginHostError(
          'call-limit',
          `The step "${stepId}" of ${pluginId} was refused more than ${limits.maxRefusedCalls} host calls and was stopped as abusive.`,
        ),
      );
    }
  }

  log(entry: LogEntry): void {
    if (this.ended) return;
    if (this.logLines >= this.request.limits.maxLogLines) {
      this.logLinesDropped += 1;
      return;
    }
    this.logLines += 1;
    try {
      this.request.services.log?.(entry);
    } catch {
      // Logging is best effort.
    }
  }

  /**
   * A service call from the worker: refused after the deadline, checked again against this
   * thread's copy of the grant (a call outside it means the sandbox is compromised), counted,
   * audited (a call that cannot be audited is refused) and then served.
   */
  call(message: Extract<FromWorker, { type: 'call' }>): void {
    const { request, channel } = this;
    if (this.ended) return channel.reply(message.callId, ENDED);
    if (performance.now() >= this.deadline) {
      channel.end(this.timeout());
      return channel.reply(message.callId, ENDED);
    }
    const problem = outsideGrant(message.operation, message.args, request.permissions);
    if (problem !== undefined) {
      channel.end(
        new PluginHostError('engine-fault', `The sandbox of ${request.pluginId} asked the host for ${problem}.`),
      );
      return channel.discardWorker('call outside the grant');
    }
    this.serviceCalls += 1;
    if (this.serviceCalls > request.limits.maxServiceCalls) {
      channel.end(
        new PluginHostError(
          'call-limit',
          `The step "${request.stepId}" of ${request.pluginId} made more than ${request.limits.maxServiceCalls} service calls and was stopped.`,
        ),
      );
      return channel.reply(message.callId, ENDED);
    }
    const event = { ...message.event, operation: message.operation, allowed: true };
    if (!this.audit(event)) {
      return channel.reply(message.callId, {
        ok: false,
        kind: 'bridge',
        message: `The host could not record ${message.operation}, so the call was refused.`,
      });
    }
    let started: Promise<unknown>;
    try {
      started = invokeService(request.services, message.operation, message.args, { signal: this.abort.signal });
    } catch (error) {
      started = Promise.reject(error);
    }
    started.then(
      (value) => {
        if (this.ended) return;
        let outcome: CallOutcome;
        try {
          outcome = value === undefined ? { ok: true } : { ok: true, json: JSON.stringify(value) };
          if (outcome.ok && outcome.json === undefined && value !== undefined) throw new Error('not JSON data');
        } catch (error) {
          outcome = this.serviceFailure(event, error);
        }
        channel.reply(message.callId, outcome);
      },
      (error: unknown) => {
        if (this.ended) return;
        channel.reply(message.callId, this.serviceFailure(event, error));
      },
    );
  }

  /** The worker finished: its output is checked again here before the caller gets it. */
  done(message: Extract<FromWorker, { type: 'done' }>): void {
    this.logLinesDropped += message.logsDropped;
    if (this.ended) return;
    const { outcome } = message;
    if (!outcome.ok) return this.channel.end(new PluginHostError(outcome.code, outcome.message));
    let output: JsonValue | undefined;
    try {
      if (utf8ByteLength(outcome.output) > this.request.limits.maxOutputBytes) throw new Error('too large');
      output = parseBoundaryJson(outcome.output, 'The output');
    } catch {
      output = undefined;
    }
    this.channel.end(
      output === undefined
        ? new PluginHostError('engine-fault', 'The sandbox worker returned an output that is not valid.')
        : output,
    );
  }

  summary(outcome: RunSummary['outcome']): RunSummary {
    return {
      serviceCalls: Math.min(this.serviceCalls, this.request.limits.maxServiceCalls),
      refusedCalls: this.refusedCalls,
      refusedSampled: this.refusedSampled,
      logLines: this.logLines,
      logLinesDropped: this.logLinesDropped,
      outcome,
      startedAt: this.startedAt,
      deadlineAt: this.deadline,
    };
  }

  private serviceFailure(event: AuditEvent, error: unknown): CallOutcome {
    if (error instanceof BridgeError) return { ok: false, kind: 'bridge', message: error.message };
    if (error instanceof BridgeDenied)
      return { ok: false, kind: 'denied', message: error.message, detail: error.detail };
    try {
      this.request.onServiceError?.(error, event);
    } catch {
      // The caller's error reporting failing must not change what the plugin sees.
    }
    return { ok: false, kind: 'internal', message: '' };
  }

  /** Gives an event to the caller's audit sink; false when the sink failed. */
  private audit(event: AuditEvent): boolean {
    try {
      this.request.audit(clipDetail(event));
      return true;
    } catch {
      return false;
    }
  }
}
