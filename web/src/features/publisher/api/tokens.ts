import type { createPublisherToken, listPublisherTokens, revokePublisherToken } from '@mlebotics/shared';
import { call } from '../../../lib/functions';

/** The publisher's API tokens (owners only), newest first; never their secrets. */
export const listTokens = (publisherId: string) =>
  call<typeof listPublisherTokens>('listPublisherTokens', { publisherId });

/** Creates a token; the answer is the only time its secret is shown. */
export const createToken = (publisherId: string, name: string, expiresInDays: number) =>
  call<typeof createPublisherToken>('createPublisherToken', { publisherId, name, expiresInDays });

/** Revokes a token at once (CI jobs using it are refused from their next call). */
export const revokeToken = (publisherId: string, tokenId: string) =>
  call<typeof revokePublisherToken>('revokePublisherToken', { publisherId, tokenId });
