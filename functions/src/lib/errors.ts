import { API_ERROR_REASONS, type ApiErrorReason } from '@mlebotics/shared';
import { HttpsError, type FunctionsErrorCode } from 'firebase-functions/v2/https';

/** The callable status of each refusal reason (the reasons themselves are shared with the web). */
export const API_ERROR_STATUS = Object.fromEntries(
  Object.entries(API_ERROR_REASONS).map(([reason, { status }]) => [reason, status]),
) as { [R in ApiErrorReason]: (typeof API_ERROR_REASONS)[R]['status'] };

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
    return new HttpsError(API_ERROR_STATUS[this.code] as FunctionsErrorCode, this.message, {
      reason: this.code,
      ...this.details,
    });
  }
}
