import type { UserRecord } from 'firebase-admin/auth';
import { auth } from './admin.js';
import { ApiError } from './errors.js';

/**
 * The account registered with `email`, for adding members by email. Call it only after checking
 * the caller's right to add members, or anyone could probe which emails have accounts.
 */
export async function accountByEmail(email: string): Promise<UserRecord> {
  const user = await auth()
    .getUserByEmail(email)
    .catch(() => undefined);
  if (!user) throw new ApiError('not-found', `No account uses ${email}. Ask them to sign up first, then add them.`);
  return user;
}
