import {
  InvalidIdError,
  valueDepth,
  type CallableContract,
  type CallableOutput,
  type CallableParsedInput,
} from '@mlebotics/shared';

/** Deepest nesting of objects and arrays a callable accepts in its input. */
const MAX_INPUT_DEPTH = 64;
import { logger } from 'firebase-functions';
import { HttpsError, onCall, type CallableOptions, type CallableRequest } from 'firebase-functions/v2/https';
import type { z } from 'zod';
import { ApiError } from './errors.js';

export interface CallContext {
  uid: string;
  email: string | null;
  /** Whether the account's email is verified (invitations and consent name verified identities). */
  emailVerified: boolean;
  /** The account's display name, if it has one. */
  name: string | null;
  /** Marketplace administrator (custom claim). */
  isAdmin: boolean;
  request: CallableRequest<unknown>;
}

function describeZodIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`)
    .join('; ');
}

/**
 * Turns a contract (zod input schema + output type) and a handler into a deployed callable:
 * requires a signed-in caller, parses the input (invalid → `invalid-argument` naming each field),
 * and maps ApiError to HttpsError. Anything else is logged and reported as `internal`.
 */
export function callable<C extends CallableContract<z.ZodType, unknown>>(
  contract: C,
  handler: (input: CallableParsedInput<C>, context: CallContext) => Promise<CallableOutput<C>>,
  options: CallableOptions = {},
) {
  return onCall({ cors: true, ...options }, async (request) => {
    if (!request.auth) {
      throw new HttpsError('unauthenticated', `Sign in to call ${contract.name}.`, { reason: 'unauthenticated' });
    }
    // Checked before parsing: a schema's refinements (JSON sizes) would recurse into the input.
    if (valueDepth(request.data, MAX_INPUT_DEPTH) > MAX_INPUT_DEPTH) {
      throw new HttpsError(
        'invalid-argument',
        `Invalid input to ${contract.name}: it nests deeper than ${MAX_INPUT_DEPTH} levels of objects and arrays.`,
        { reason: 'invalid-input' },
      );
    }
    const parsed = contract.input.safeParse(request.data ?? {});
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
    try {
      return await handler(parsed.data as CallableParsedInput<C>, {
        uid: request.auth.uid,
        email: (request.auth.token.email as string | undefined) ?? null,
        emailVerified: request.auth.token.email_verified === true,
        name: (request.auth.token.name as string | undefined) ?? null,
        isAdmin: request.auth.token.admin === true,
        request,
      });
    } catch (error) {
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
