// Callables over their HTTP protocol, as the web SDK sends them: POST {"data": …} with the
// user's ID token. Mutating calls carry a client `requestId` that retries of the same
// operation reuse; `resource-exhausted` refusals are waited out (`details.retryAfterSeconds`).
import { randomBytes } from 'node:crypto';
import { PROJECT_ID, REGION, hosts } from '@mlebotics/testing';
import type { Stats } from './stats.js';

/** A callable's error as the protocol reports it (`code` in the SDK's lower-case form). */
export class CallError extends Error {
  constructor(
    readonly fn: string,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(`${fn}: ${code}: ${message}`);
  }
}

/** A fresh client request id: 24 characters of [A-Za-z0-9_-], one per logical operation. */
export const newRequestId = (): string => randomBytes(18).toString('base64url');

/** Codes after which a client retries the same operation (the request may not have run). */
const TRANSIENT = new Set([
  'unavailable',
  'internal',
  'deadline-exceeded',
  'aborted',
  'network',
  'killed',
  'no-result',
]);

export interface CallOptions {
  /** Retry transient failures (a killed instance, a dropped connection) with the same requestId. */
  retryTransient: boolean;
  /** Give up waiting on refusals once this time (performance.now()) has passed. */
  deadline: number;
  /** Abandon a request after this long (default 70 s, the web SDK's). */
  timeoutMs?: number;
}

/** Counts the requests in flight per function: the chaos harness kills instances that are busy. */
export const inFlight = new Map<string, number>();

/**
 * Whether the server accepts `requestId`. The idempotency layer is new; until a build has it,
 * strict input schemas refuse the unknown key. The first such refusal turns it off (reported).
 */
export const requestIds = { accepted: true, refusal: '' };

async function post(fn: string, data: unknown, token: string, timeoutMs = 70_000): Promise<unknown> {
  const url = `http://${hosts.functions}/${PROJECT_ID}/${REGION}/${fn}`;
  inFlight.set(fn, (inFlight.get(fn) ?? 0) + 1);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ data }),
      // 70 s: the web SDK's default callable timeout. The emulator never answers a request whose
      // instance was killed, so the chaos run gives up sooner and retries with the same requestId.
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    throw new CallError(fn, 'network', String((error as Error).cause ?? error));
  } finally {
    inFlight.set(fn, inFlight.get(fn)! - 1);
  }
  let body: { result?: unknown; error?: { status?: string; message?: string; details?: Record<string, unknown> } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not the protocol: the emulator's own answer when the instance died under the request.
    throw new CallError(fn, response.ok ? 'internal' : 'killed', `HTTP ${response.status}: ${text.slice(0, 200)}`);
  }
  if (body.error) {
    const code = (body.error.status ?? 'UNKNOWN').toLowerCase().replace(/_/g, '-');
    throw new CallError(fn, code, body.error.message ?? '', body.error.details);
  }
  // The protocol always carries `result`; an answer without one is not the function's.
  if (!('result' in body)) throw new CallError(fn, 'no-result', `HTTP ${response.status}: ${text.slice(0, 200)}`);
  return body.result;
}

/**
 * Loads one instance of each function before the run (an empty input is refused at once): the
 * Functions emulator starts instances on demand, and a burst of cold starts on two cores fails
 * with "Failed to load function", leaving the request unanswered. Production keeps warm instances.
 */
export async function warmUp(token: () => Promise<string>, names: readonly string[]): Promise<void> {
  for (const fn of names) await post(fn, {}, await token()).catch(() => undefined);
}

function refusesRequestId(error: CallError): boolean {
  if (error.code !== 'invalid-argument') return false;
  const issues = (error.details?.issues ?? []) as Array<{ path?: string[]; message?: string }>;
  return /requestId/.test(error.message) || issues.some((i) => i.path?.includes('requestId'));
}

/** A person gives up after waiting out this many refusals of one operation. */
const MAX_WAITS = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One logical call: the same requestId on every attempt. Refusals wait `retryAfterSeconds`;
 * transient failures are retried (with backoff) when `retryTransient`. Every failed attempt is
 * counted in `stats.attemptErrors` by code.
 */
export async function callOnce<T>(
  stats: Stats,
  token: () => Promise<string>,
  fn: string,
  data: Record<string, unknown>,
  options: CallOptions & { mutates: boolean },
): Promise<T> {
  const requestId = options.mutates ? newRequestId() : undefined;
  for (let attempt = 1; ; attempt++) {
    const payload = requestId && requestIds.accepted ? { ...data, requestId } : data;
    try {
      return (await post(fn, payload, await token(), options.timeoutMs)) as T;
    } catch (error) {
      if (!(error instanceof CallError)) throw error;
      stats.attemptError(fn, error.code, error.message);
      if (requestId && requestIds.accepted && refusesRequestId(error)) {
        requestIds.accepted = false;
        requestIds.refusal = error.message;
        continue;
      }
      const now = performance.now();
      if (error.code === 'resource-exhausted') {
        const wait = Math.max(1, Number(error.details?.retryAfterSeconds ?? 1));
        if (attempt >= MAX_WAITS || now + wait * 1000 > options.deadline) throw error;
        stats.retryWaitS += wait;
        await sleep(wait * 1000);
        continue;
      }
      if (options.retryTransient && TRANSIENT.has(error.code) && attempt < 5 && now < options.deadline) {
        await sleep(250 * 2 ** attempt);
        continue;
      }
      throw error;
    }
  }
}
