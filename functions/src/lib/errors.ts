import { HttpsError, type FunctionsErrorCode } from 'firebase-functions/v2/https';

/**
 * Why a callable refused a request. The function boundary turns these into HttpsError with
 * `details.reason` set to the code, so the web app can react to the precise reason.
 */
export const API_ERROR_STATUS = {
  unauthenticated: 'unauthenticated',
  'permission-denied': 'permission-denied',
  'not-found': 'not-found',
  'already-exists': 'already-exists',
  'invalid-input': 'invalid-argument',
  'limit-exceeded': 'resource-exhausted',
  'consent-mismatch': 'failed-precondition',
  'consent-required': 'failed-precondition',
  'version-unavailable': 'failed-precondition',
  'incompatible-platform': 'failed-precondition',
  'entitlement-required': 'failed-precondition',
  'policy-blocked': 'permission-denied',
  'not-installed': 'failed-precondition',
  'verification-failed': 'failed-precondition',
  'plugin-error': 'aborted',
  'plugin-timeout': 'deadline-exceeded',
  'plugin-out-of-memory': 'resource-exhausted',
  'plugin-permission-denied': 'permission-denied',
  'plugin-call-limit': 'resource-exhausted',
  'plugin-engine-fault': 'aborted',
  conflict: 'aborted',
} as const satisfies Record<string, FunctionsErrorCode>;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

/**
 * A domain error with a closed set of codes that callers branch on (money, ledger, entitlements,
 * payment providers). Subclasses only name the code type.
 */
export class CodedError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toHttpsError(): HttpsError {
    return new HttpsError(API_ERROR_STATUS[this.code], this.message, { reason: this.code, ...this.details });
  }
}
