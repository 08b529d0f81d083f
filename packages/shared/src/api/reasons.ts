/**
 * The closed set of reasons a callable refuses a request (`details.reason` of the error), with
 * the callable error status each maps to and what the person should do. The functions throw
 * only these; the web app branches on the reason, never on message text.
 */
export const API_ERROR_REASONS = {
  unauthenticated: { status: 'unauthenticated', help: 'Sign in, then try again.' },
  'permission-denied': { status: 'permission-denied', help: 'Your account or role does not allow this here.' },
  'not-found': { status: 'not-found', help: 'It does not exist, or you cannot see it.' },
  'already-exists': { status: 'already-exists', help: 'It is already done or taken.' },
  'invalid-input': { status: 'invalid-argument', help: 'Correct the highlighted value and try again.' },
  'limit-exceeded': { status: 'resource-exhausted', help: 'A limit was reached; wait a moment or ask for more.' },
  /** With `retryAfterSeconds`: the caller's token bucket for this operation is empty. */
  'rate-limited': {
    status: 'resource-exhausted',
    help: 'Too many requests in a short time; it is retried once the wait shown is over.',
  },
  'input-too-large': { status: 'invalid-argument', help: 'Send less at once: the request is larger than allowed.' },
  /** The same client request id was sent with a different input. */
  'request-id-reused': { status: 'invalid-argument', help: 'Start the action again (a new request).' },
  'consent-mismatch': {
    status: 'failed-precondition',
    help: 'Review the permissions again and consent to exactly those.',
  },
  'consent-required': { status: 'failed-precondition', help: 'An owner or admin must consent to the new permissions.' },
  'version-unavailable': { status: 'failed-precondition', help: 'Choose another version.' },
  'incompatible-platform': { status: 'failed-precondition', help: 'Choose a version made for this platform.' },
  'entitlement-required': { status: 'failed-precondition', help: 'Buy the plugin for this organization first.' },
  'policy-blocked': { status: 'permission-denied', help: 'The organization’s install policy does not allow it.' },
  'not-installed': { status: 'failed-precondition', help: 'Install the plugin in this organization first.' },
  'verification-failed': {
    status: 'failed-precondition',
    help: 'The package failed verification; reinstall or report it.',
  },
  'plugin-error': { status: 'aborted', help: 'The plugin failed; report it to its publisher if it persists.' },
  'plugin-timeout': { status: 'deadline-exceeded', help: 'The plugin ran past its time limit.' },
  'plugin-out-of-memory': { status: 'resource-exhausted', help: 'The plugin ran out of memory.' },
  'plugin-permission-denied': {
    status: 'permission-denied',
    help: 'The plugin asked for something it was not granted.',
  },
  'plugin-call-limit': { status: 'resource-exhausted', help: 'The plugin made too many host calls in one run.' },
  'plugin-engine-fault': { status: 'aborted', help: 'The sandbox stopped on a fault; try again.' },
  conflict: { status: 'aborted', help: 'Someone changed it at the same time; try again.' },
  'publisher-suspended': {
    status: 'failed-precondition',
    help: 'The marketplace suspended this publisher: it cannot publish, and its development builds do not run, until the suspension is lifted. Contact the marketplace administrators (the reason is in the message).',
  },
  'plugin-revoked': {
    status: 'failed-precondition',
    help: 'The marketplace revoked this plugin or version (the reason is in the message): it cannot be installed, updated, run or opened. Uninstall it, or update to a version that is not revoked.',
  },
  /** A publisher API token that is unknown, wrong, revoked or expired (the message says which, once the secret matched). */
  'token-invalid': {
    status: 'unauthenticated',
    help: 'Check the API token, or create a new one on the publisher’s page (Publisher → API tokens).',
  },
  'already-decided': { status: 'failed-precondition', help: 'It was already decided; reload to see the outcome.' },
  /** withdrawUpload after the file came: the pipeline has it. */
  'upload-arrived': {
    status: 'failed-precondition',
    help: 'Its file has arrived and is being processed; follow it to its verdict.',
  },
  internal: { status: 'internal', help: 'Something failed on our side; try again in a moment.' },
  unreachable: {
    status: 'unavailable',
    help: 'The marketplace service could not be reached; check your connection and try again.',
  },
} as const;

export type ApiErrorReason = keyof typeof API_ERROR_REASONS;

export function isApiErrorReason(value: unknown): value is ApiErrorReason {
  return typeof value === 'string' && Object.hasOwn(API_ERROR_REASONS, value);
}
