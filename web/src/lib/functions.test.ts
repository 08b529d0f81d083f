import { API_ERROR_REASONS, type ApiErrorReason } from '@mlebotics/shared';
import { describe, expect, it, vi } from 'vitest';

// The Firebase app is not needed to describe an error (and needs Vite's defines to start).
vi.mock('./firebase', () => ({ app: {} }));

const { CallError, errorText } = await import('./functions');

const reasons = Object.keys(API_ERROR_REASONS) as ApiErrorReason[];

function failure(reason: ApiErrorReason, message: string, details: Record<string, unknown> = { reason }) {
  return new CallError(message, API_ERROR_REASONS[reason].status, reason, details, 'createOrg');
}

describe('errorText', () => {
  it.each(reasons)('%s: says what failed, where, and what to do', (reason) => {
    const message = 'Organization acme is taken.';
    const text = errorText(failure(reason, message, { reason, retryAfterSeconds: 30 }));
    // Where: the callable that failed.
    expect(text).toContain('createOrg');
    if (reason === 'unreachable') {
      // No server answered: there is no server message, only the outage and what to do.
      expect(text).toContain(API_ERROR_REASONS.unreachable.help);
      return;
    }
    // What: the server's message, unchanged.
    expect(text).toContain(message);
    // How to fix it: the reason's help, or for a rate limit given up on, the wait.
    if (reason === 'rate-limited') expect(text).toContain('Wait 30 s, then try again.');
    else expect(text).toContain(API_ERROR_REASONS[reason].help);
  });

  it('does not repeat where or what to do when the message says it already', () => {
    const help = API_ERROR_REASONS.internal.help;
    expect(errorText(failure('internal', `createOrg failed unexpectedly. ${help}`))).toBe(
      `createOrg failed unexpectedly. ${help}`,
    );
    expect(errorText(failure('invalid-input', 'Invalid input to createOrg: orgId is too short'))).toBe(
      `Invalid input to createOrg: orgId is too short. ${API_ERROR_REASONS['invalid-input'].help}`,
    );
  });

  it("keeps the server's wait of a rate limit and does not promise an automatic retry", () => {
    const text = errorText(failure('rate-limited', 'Too many createOrg requests from you: try again in 12 s.'));
    expect(text).toBe('Too many createOrg requests from you: try again in 12 s.');
    expect(text).not.toContain(API_ERROR_REASONS['rate-limited'].help);
  });

  it('shows the message of an error that is not a callable failure', () => {
    expect(errorText(new Error('The upload failed: quota exceeded.'))).toBe('The upload failed: quota exceeded.');
    expect(errorText(new TypeError('Failed to fetch dynamically imported module: /x.js'))).toContain(
      'Check your connection',
    );
    expect(errorText(new Error(''))).toContain('try again');
  });
});
