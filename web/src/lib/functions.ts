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

let functionsPromise: Promise<{ functions: FunctionsSdk.Functions; mod: typeof FunctionsSdk }> | undefined;

// The Functions SDK loads on the first call, keeping it out of the first route's bundle.
function loadFunctions() {
  functionsPromise ??= import('firebase/functions').then((mod) => {
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

/**
 * Calls a deployed callable, typed by its shared contract: `call<typeof install>('install', …)`.
 * Only the contract's type is imported, so its zod schema is not shipped to the browser; the
 * name must be the contract's (checked by the compiler).
 */
export async function call<C extends CallableContract<z.ZodType, unknown, string>>(
  name: C['name'],
  input: CallableInput<C>,
): Promise<CallableOutput<C>> {
  const { functions, mod } = await loadFunctions();
  const fn = mod.httpsCallable<CallableInput<C>, CallableOutput<C>>(functions, name);
  try {
    return (await fn(input)).data;
  } catch (error) {
    const e = error as { message?: string; code?: string; details?: Record<string, unknown> };
    const reason = reasonOf(e);
    const message = reason === 'unreachable' ? API_ERROR_REASONS.unreachable.help : (e.message ?? String(error));
    throw new CallError(message, e.code ?? 'unknown', reason, e.details);
  }
}
