import type { QuickJSHandle } from 'quickjs-emscripten-core';
import { BridgeDenied, BridgeError } from './errors.js';
import { JsonBoundaryError, type JsonValue } from './json.js';
import type { ServiceOperation } from './protocol.js';
import type { SandboxHost } from './run-types.js';
import type { AuditEvent } from './services.js';
import type { VmBoundary } from './vm-boundary.js';
import { VmException } from './vm-helpers.js';

/**
 * The awaited host calls of one run: each is a message to the main thread, and its result is
 * handed to the sandbox only by the run loop (never from a callback while plugin code runs).
 */
export class HostCalls {
  private pending = 0;
  private completions: Array<() => void> = [];
  private wake: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly host: SandboxHost,
    private readonly maxPending: number,
  ) {}

  /** Whether a call is still in progress. */
  get waiting(): boolean {
    return this.pending > 0;
  }

  /** Refuses a new host call while the most allowed are in progress. */
  assertCapacity(): void {
    if (this.pending >= this.maxPending) {
      throw new BridgeError(
        `Too many host calls in progress (at most ${this.maxPending}); await some before starting more.`,
      );
    }
  }

  /**
   * Starts a call and returns the sandbox promise for its result. The host runs the service
   * (after auditing it and checking its own deadline); its result, or a sanitized error made
   * by `errorFor`, settles the promise when the run loop next drains completions.
   */
  start<T>(
    vm: VmBoundary,
    call: { event: AuditEvent; operation: ServiceOperation; args: JsonValue[] },
    toSandbox: (value: T) => JsonValue | undefined,
    errorFor: (error: unknown) => QuickJSHandle,
  ): QuickJSHandle {
    this.assertCapacity();
    const { context } = vm;
    const trio = vm.call('defer');
    const promise = context.getProp(trio, 0);
    const resolve = context.getProp(trio, 1);
    const reject = context.getProp(trio, 2);
    this.pending += 1;
    const settle = (outcome: () => { value: QuickJSHandle } | { error: QuickJSHandle }) => {
      this.pending -= 1;
      if (this.closed) return;
      this.completions.push(() => {
        const result = outcome();
        const fn = 'error' in result ? reject : resolve;
        const called = context.callFunction(fn, context.undefined, 'error' in result ? result.error : result.value);
        if (called.error) throw new VmException(called.error);
      });
      this.wake?.();
    };
    const failed = (error: unknown) => ({ error: errorFor(error) });
    this.host.call(call.operation, call.args, call.event).then(
      (outcome) =>
        settle(() => {
          if (!outcome.ok) {
            const error =
              outcome.kind === 'bridge'
                ? new BridgeError(outcome.message)
                : outcome.kind === 'denied'
                  ? new BridgeDenied(outcome.message, outcome.detail)
                  : undefined;
            return failed(error);
          }
          let json: JsonValue | undefined;
          try {
            const value = outcome.json === undefined ? undefined : (JSON.parse(outcome.json) as T);
            json = toSandbox(value as T);
          } catch (error) {
            return failed(error instanceof BridgeError || error instanceof JsonBoundaryError ? error : undefined);
          }
          return { value: vm.toVm(json) };
        }),
      () => settle(() => failed(undefined)),
    );
    return promise;
  }

  /** Hands finished calls' results to the sandbox; returns whether there were any. */
  drain(): boolean {
    const any = this.completions.length > 0;
    while (this.completions.length > 0) this.completions.shift()!();
    return any;
  }

  /** Waits until a call finishes or `deadline` (on `performance.now()`) passes. */
  wait(deadline: number): Promise<void> {
    const remaining = deadline - performance.now();
    if (remaining <= 0 || this.completions.length > 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.ceil(remaining));
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  /** Drops late results: nothing reaches a closed run. */
  close(): void {
    this.closed = true;
    this.completions = [];
    this.wake?.();
  }
}
