import { BridgeError, PluginHostError } from './errors.js';
import type { RunRequest } from './run-types.js';
import type { AuditEvent } from './services.js';

/**
 * The counted limits of one run: service calls, refused calls and log lines. Past a call
 * limit the run is stopped (through `stop`, so the interrupt handler ends it whatever the
 * plugin catches); past the log limit lines are only counted.
 */
export class RunBudget {
  private serviceCalls = 0;
  private refusedCalls = 0;
  private logLines = 0;
  /** `ctx.log` calls past the line limit, counted only. */
  logsDropped = 0;

  constructor(
    private readonly request: RunRequest,
    private readonly stop: (reason: PluginHostError) => void,
  ) {}

  /** Counts a call that is about to reach a service; past the limit the run is stopped. */
  countServiceCall(operation: string): void {
    const { limits, stepId, pluginId } = this.request;
    this.serviceCalls += 1;
    if (this.serviceCalls > limits.maxServiceCalls) {
      this.stop(
        new PluginHostError(
          'call-limit',
          `The step "${stepId}" of ${pluginId} made more than ${limits.maxServiceCalls} service calls (the last was ${operation}) and was stopped.`,
        ),
      );
      throw new BridgeError(`More than ${limits.maxServiceCalls} service calls in one run.`);
    }
  }

  /** Reports a refused bridge call; a run refused more often than allowed is stopped as abusive. */
  refused(event: AuditEvent): void {
    const { limits, stepId, pluginId, host } = this.request;
    this.refusedCalls += 1;
    if (this.refusedCalls <= limits.maxRefusedCalls + 1) host.refused(event);
    if (this.refusedCalls > limits.maxRefusedCalls) {
      this.stop(
        new PluginHostError(
          'call-limit',
          `The step "${stepId}" of ${pluginId} was refused more than ${limits.maxRefusedCalls} host calls (the last: ${event.operation}) and was stopped as abusive.`,
        ),
      );
    }
  }

  /** Whether another log line may be kept; a line past the limit is counted as dropped. */
  takeLogLine(): boolean {
    if (this.logLines >= this.request.limits.maxLogLines) {
      this.logsDropped += 1;
      return false;
    }
    this.logLines += 1;
    return true;
  }
}
