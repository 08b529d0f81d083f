import {
  APP_CHECK_EXEMPT,
  TOKEN_CALLABLES,
  TOKEN_UID_PREFIX,
  callableLimits,
  InvalidIdError,
  REQUEST_ID_PATTERN,
  valueDepth,
  type CallableContract,
  type CallableOutput,
  type CallableParsedInput,
} from '@mlebotics/shared';
import { logger } from 'firebase-functions';
import { HttpsError, onCall, type CallableOptions, type CallableRequest } from 'firebase-functions/v2/https';
import type { z } from 'zod';
import { appCheckEnforced } from './config.js';
import { ApiError } from './errors.js';
import { clientAddress } from './client-address.js';
import { admit } from './request-ledger.js';

/** Deepest nesting of objects and arrays a callable accepts in its input. */
const MAX_INPUT_DEPTH = 64;

/** A CI job signed in with a publisher API token (functions/src/publishers/tokens.ts). */
export interface TokenIdentity {
  tokenId: string;
  publisherId: string;
}

export interface CallContext {
  uid: string;
  email: string | null;
  /** Whether the account's email is verified (invitations and consent name verified identities). */
  emailVerified: boolean;
  /** The account's display name, if it has one. */
  name: string | null;
  /** Marketplace administrator (custom claim). */
  isAdmin: boolean;
  /** Set when the caller is a publisher API token's identity rather than a person. */
  publisherToken: TokenIdentity | null;
  request: CallableRequest<unknown>;
}

/** A callable anyone may use, signed in or not (the public catalogue's search). */
export interface PublicCallContext extends Omit<CallContext, 'uid'> {
  uid: string | null;
}

/**
 * The token identity behind a request, if any. Its uid prefix alone marks it (only the exchange
 * mints such uids); claims that disagree with the uid are refused rather than trusted.
 */
function tokenIdentityOf(auth: CallableRequest<unknown>['auth']): TokenIdentity | null {
  if (!auth) return null;
  const tokenId = auth.token.publisherToken as unknown;
  const publisherId = auth.token.publisherId as unknown;
  if (!auth.uid.startsWith(TOKEN_UID_PREFIX) && tokenId === undefined) return null;
  if (typeof tokenId !== 'string' || typeof publisherId !== 'string' || auth.uid !== `${TOKEN_UID_PREFIX}${tokenId}`) {
    throw new HttpsError('permission-denied', 'This identity is not a valid publisher API token.', {
      reason: 'permission-denied',
    });
  }
  return { tokenId, publisherId };
}

function describeZodIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`)
    .join('; ');
}

function invalidInput(name: string, message: string, reason = 'invalid-input'): HttpsError {
  return new HttpsError('invalid-argument', `Invalid input to ${name}: ${message}`, { reason });
}

/** The request body's size in bytes, as sent (the JSON the framework parsed). */
function bodyBytes(request: CallableRequest<unknown>): number {
  const raw = (request.rawRequest as { rawBody?: Buffer } | undefined)?.rawBody;
  return raw ? raw.length : Buffer.byteLength(JSON.stringify(request.data ?? null));
}

/** Takes the client request id out of the input (the contracts' schemas do not know it). */
function splitRequestId(name: string, data: unknown): { input: unknown; requestId: string | undefined } {
  if (!data || typeof data !== 'object' || Array.isArray(data) || !Object.hasOwn(data, 'requestId')) {
    return { input: data, requestId: undefined };
  }
  const { requestId, ...input } = data as Record<string, unknown>;
  if (typeof requestId !== 'string' || !REQUEST_ID_PATTERN.test(requestId)) {
    throw invalidInput(name, 'requestId must be 16 to 64 letters, digits, "-" or "_" (a fresh random id per action).');
  }
  return { input, requestId };
}

/**
 * Turns a contract (zod input schema + output type) and a handler into a deployed callable:
 * requires a signed-in caller (and, where enforced, an App Check token), refuses an input larger
 * than its limit or nested too deep, parses it (invalid → `invalid-argument` naming each field),
 * takes the caller's rate-limit tokens (`rate-limited` with `retryAfterSeconds`), runs a
 * mutation at most once per client request id (shared/api/rate-limits.ts), and maps ApiError to
 * HttpsError. Anything else is logged and reported as `internal`.
 */
export function callable<C extends CallableContract<z.ZodType, unknown>>(
  contract: C,
  handler: (input: CallableParsedInput<C>, context: CallContext) => Promise<CallableOutput<C>>,
  options: CallableOptions = {},
) {
  return serve(contract, handler as never, options, false);
}

/**
 * `callable` for what signed-out visitors may do too: the same limits, with the rate-limit
 * buckets of a signed-out caller keyed by its address.
 */
export function publicCallable<C extends CallableContract<z.ZodType, unknown>>(
  contract: C,
  handler: (input: CallableParsedInput<C>, context: PublicCallContext) => Promise<CallableOutput<C>>,
  options: CallableOptions = {},
) {
  return serve(contract, handler, options, true);
}

function serve<C extends CallableContract<z.ZodType, unknown>>(
  contract: C,
  handler: (input: CallableParsedInput<C>, context: PublicCallContext) => Promise<CallableOutput<C>>,
  options: CallableOptions,
  allowSignedOut: boolean,
) {
  const limits = callableLimits(contract.name);
  if (!limits) throw new Error(`${contract.name} has no row in CALLABLE_LIMITS (shared/api/rate-limits.ts).`);
  // CI has no browser to attest: the exchange is exempt, the token callables check App Check
  // themselves for everyone but token identities.
  const forTokens = TOKEN_CALLABLES.includes(contract.name);
  const enforceAppCheck = appCheckEnforced() && !forTokens && !APP_CHECK_EXEMPT.includes(contract.name);
  return onCall({ cors: true, enforceAppCheck, ...options }, async (request) => {
    if (!request.auth && !allowSignedOut) {
      throw new HttpsError('unauthenticated', `Sign in to call ${contract.name}.`, { reason: 'unauthenticated' });
    }
    const publisherToken = tokenIdentityOf(request.auth);
    if (publisherToken && !forTokens) {
      throw new HttpsError(
        'permission-denied',
        `A publisher API token can only upload packages for its publisher; ${contract.name} needs a person's account.`,
        { reason: 'permission-denied' },
      );
    }
    if (forTokens && !publisherToken && appCheckEnforced() && !request.app) {
      throw new HttpsError('unauthenticated', 'Unauthenticated', { reason: 'unauthenticated' });
    }
    const caller = request.auth?.uid ?? `address:${clientAddress(request.rawRequest)}`;
    const bytes = bodyBytes(request);
    if (bytes > limits.maxInputBytes) {
      throw invalidInput(
        contract.name,
        `the request is ${bytes} bytes; at most ${limits.maxInputBytes} bytes are accepted.`,
        'input-too-large',
      );
    }
    // Checked before parsing: a schema's refinements (JSON sizes) would recurse into the input.
    if (valueDepth(request.data, MAX_INPUT_DEPTH) > MAX_INPUT_DEPTH) {
      throw invalidInput(contract.name, `it nests deeper than ${MAX_INPUT_DEPTH} levels of objects and arrays.`);
    }
    const { input, requestId } = splitRequestId(contract.name, request.data);
    const parsed = contract.input.safeParse(input ?? {});
    if (!parsed.success) {
      throw new HttpsError(
        'invalid-argument',
        `Invalid input to ${contract.name}: ${describeZodIssues(parsed.error)}.`,
        {
          reason: 'invalid-input',
          issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
        },
      );
    }
    let admission: Awaited<ReturnType<typeof admit>> | undefined;
    try {
      admission = await admit(contract.name, limits, caller, parsed.data, requestId);
      if (admission.kind === 'replay') return admission.result as CallableOutput<C>;
      const token = request.auth?.token;
      const result = await handler(parsed.data as CallableParsedInput<C>, {
        uid: request.auth?.uid ?? null,
        email: (token?.email as string | undefined) ?? null,
        emailVerified: token?.email_verified === true,
        name: (token?.name as string | undefined) ?? null,
        isAdmin: token?.admin === true && !publisherToken,
        publisherToken,
        request,
      });
      // The work is done: a failure to record its result must not turn it into an error (a retry
      // with the same id then runs the handler again, which finds its work already done).
      await admission.done(result).catch((e) => logger.warn(`recording ${contract.name}'s result failed`, e));
      return result;
    } catch (error) {
      if (admission?.kind === 'run') {
        await admission.failed().catch((e) => logger.warn(`releasing ${contract.name}'s request id failed`, e));
      }
      if (error instanceof ApiError) throw error.toHttpsError();
      if (error instanceof HttpsError) throw error;
      if (error instanceof InvalidIdError) {
        throw new HttpsError('invalid-argument', `Invalid input to ${contract.name}: ${error.message}`, {
          reason: 'invalid-input',
        });
      }
      logger.error(`${contract.name} failed`, error);
      throw new HttpsError('internal', `${contract.name} failed unexpectedly; try again.`, { reason: 'internal' });
    }
  });
}
