import {
  API_ERROR_REASONS,
  isApiErrorReason,
  type ApiErrorReason,
  type CallableContract,
  type CallableInput,
  type CallableOutput,
} from '@mlebotics/shared';
import type * as FunctionsSdk from 'firebase/functions';
import type { z } from 'zod';
import { app } from './firebase';
import { env } from './env';
import { describeLoadFailure } from './load-failure';
import { startWait } from './waits';

/**
 * App Check in production (the callables refuse requests without its token): started before
 * the first call, so that call carries one. The emulators do not check it.
 */
async function startAppCheck(): Promise<void> {
  if (env.useEmulators || !env.appCheckSiteKey) return;
  const { initializeAppCheck, ReCaptchaEnterpriseProvider } = await import('firebase/app-check');
  initializeAppCheck(app, {
    provider: new ReCaptchaEnterpriseProvider(env.appCheckSiteKey),
    isTokenAutoRefreshEnabled: true,
  });
}

let functionsPromise: Promise<{ functions: FunctionsSdk.Functions; mod: typeof FunctionsSdk }> | undefined;

// The Functions SDK loads on the first call, keeping it out of the first route's bundle.
function loadFunctions() {
  functionsPromise ??= Promise.all([import('firebase/functions'), startAppCheck()]).then(([mod]) => {
    const functions = mod.getFunctions(app, env.functionsRegion);
    if (env.useEmulators) mod.connectFunctionsEmulator(functions, env.emulatorHost, __EMULATOR_PORTS__.functions);
    return { functions, mod };
  });
  return functionsPromise;
}

/** A callable's failure, with the server's machine-readable reason (from the shared closed set). */
export class CallError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly reason: ApiErrorReason,
    readonly details: Record<string, unknown> | undefined,
    /** The callable that failed (`install`, `createOrg`, …): where it failed. */
    readonly operation: string,
  ) {
    super(message);
    this.name = 'CallError';
  }

  /** What the person can do about it. */
  get help(): string {
    return API_ERROR_REASONS[this.reason].help;
  }
}

/**
 * The reason of a failed call: the server's, or — when no server answered (the SDK reports
 * `internal` or `unavailable` without details) — `unreachable`, so the app never shows a bare
 * "internal" for an outage.
 */
function reasonOf(e: { code?: string; details?: Record<string, unknown> }): ApiErrorReason {
  const given = e.details?.reason;
  if (isApiErrorReason(given)) return given;
  const code = (e.code ?? '').replace(/^functions\//, '');
  if (code === 'unavailable' || code === 'internal' || code === 'deadline-exceeded') return 'unreachable';
  if (isApiErrorReason(code)) return code;
  return 'internal';
}

/** Waits for a rate limit at most this long before giving the refusal to the person. */
const MAX_RATE_LIMIT_WAIT_S = 120;
const RATE_LIMIT_RETRIES = 3;
/** Backoff before each retry when no server answered (the request id makes a retry safe). */
const UNREACHABLE_BACKOFF_MS = [500, 1500, 4000];

/** A fresh client request id: one per person's action, the same for its retries. */
export function newRequestId(): string {
  return crypto.randomUUID();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function toCallError(error: unknown, operation: string): CallError {
  const e = error as { message?: string; code?: string; details?: Record<string, unknown> };
  const reason = reasonOf(e);
  const message = reason === 'unreachable' ? API_ERROR_REASONS.unreachable.help : (e.message ?? String(error));
  return new CallError(message, e.code ?? 'unknown', reason, e.details, operation);
}

/**
 * What to show a person for a failed action: what failed and where (the server's message, or the
 * callable's name when the message does not say it), then what to do about it (the reason's
 * help). Two reasons say it differently: `unreachable` is the outage itself (no server message to
 * show), and `rate-limited` reaches here only once the waits were given up, so it says the
 * server's wait rather than the help's "retried once the wait is over". Anything that is not a
 * callable's failure shows its message (a module that could not be downloaded says so).
 */
export function errorText(error: unknown): string {
  if (!(error instanceof CallError)) {
    const text = describeLoadFailure(error);
    return text || 'The action failed without saying why; try again, and report it if it persists.';
  }
  const { reason, operation } = error;
  const message = error.message.trim();
  if (reason === 'unreachable') return `${operation}: ${API_ERROR_REASONS.unreachable.help}`;
  if (reason === 'rate-limited') {
    const after = Number(error.details?.retryAfterSeconds);
    const wait = after > 0 ? `Wait ${Math.ceil(after)} s, then try again.` : 'Wait a moment, then try again.';
    return /try again/i.test(message) ? withWhere(message, operation) : `${withWhere(message, operation)} ${wait}`;
  }
  const what = withWhere(message || `The request was refused (${reason}).`, operation);
  const help = error.help;
  return what.includes(help) ? what : `${sentence(what)} ${help}`;
}

/** The message, prefixed with the callable's name unless the message names it already. */
function withWhere(message: string, operation: string): string {
  return new RegExp(`\\b${operation}\\b`).test(message) ? message : `${operation} failed: ${message}`;
}

const sentence = (text: string): string => (/[.!?…]$/.test(text) ? text : `${text}.`);

/**
 * Calls a deployed callable, typed by its shared contract: `call<typeof install>('install', …)`.
 * Only the contract's type is imported, so its zod schema is not shipped to the browser; the
 * name must be the contract's (checked by the compiler).
 *
 * One call is one action: it carries one client request id, so the server runs a mutation at
 * most once however often it is sent. Refused by a rate limit, it shows the wait (WaitNotice)
 * and sends again when the server said; when no server answered, it retries with backoff.
 */
export async function call<C extends CallableContract<z.ZodType, unknown, string>>(
  name: C['name'],
  input: CallableInput<C>,
): Promise<CallableOutput<C>> {
  const { functions, mod } = await loadFunctions();
  const fn = mod.httpsCallable<CallableInput<C> & { requestId: string }, CallableOutput<C>>(functions, name);
  const requestId = newRequestId();
  let limited = 0;
  let unreachable = 0;
  for (;;) {
    try {
      return (await fn({ ...(input as object), requestId } as CallableInput<C> & { requestId: string })).data;
    } catch (error) {
      const failure = toCallError(error, name);
      const retryAfter = Number(failure.details?.retryAfterSeconds);
      if (
        failure.reason === 'rate-limited' &&
        limited < RATE_LIMIT_RETRIES &&
        retryAfter > 0 &&
        retryAfter <= MAX_RATE_LIMIT_WAIT_S
      ) {
        limited++;
        const done = startWait(name, retryAfter * 1000);
        await sleep(retryAfter * 1000).finally(done);
        continue;
      }
      if (failure.reason === 'unreachable' && unreachable < UNREACHABLE_BACKOFF_MS.length) {
        await sleep(UNREACHABLE_BACKOFF_MS[unreachable++]!);
        continue;
      }
      throw failure;
    }
  }
}
