import {
  MAX_ACTIVE_TOKENS_PER_PUBLISHER,
  PUBLISHER_TOKEN_PREFIX,
  PUBLISHER_TOKEN_SECRET_BYTES,
  TOKEN_UID_PREFIX,
  memberRole,
  parsePublisherToken,
  tokenUid,
  type CallableParsedInput,
  type ExchangePublisherTokenOutput,
  type PublisherRole,
  type PublisherTokenSummary,
  type createPublisherToken as createContract,
  type exchangePublisherToken as exchangeContract,
  type listPublisherTokens as listContract,
  type revokePublisherToken as revokeContract,
} from '@mlebotics/shared';
import { Timestamp, type Transaction } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { auth, bucket, db } from '../lib/admin.js';
import { requirePublisherMember } from '../lib/access.js';
import type { CallContext, PublicCallContext, TokenIdentity } from '../lib/callable.js';
import { cols, docs, type Stored } from '../lib/documents.js';
import { clientAddress } from '../lib/client-address.js';
import { ApiError } from '../lib/errors.js';
import { takeInTransaction, type BucketClaim } from '../lib/rate-limit.js';

const DAY_MS = 86_400_000;
const EXCHANGE = 'exchangePublisherToken';

/**
 * Failed exchanges allowed per token id and per caller address before further attempts wait.
 * The secret has 256 bits, so guessing is hopeless anyway; the buckets bound what a guesser
 * costs us and make a leak-then-probe visible. A token's failure bucket also holds back its own
 * correct exchanges while it is empty (otherwise it would not slow a guesser down): at worst
 * someone who knows a token id delays that token's jobs by a minute.
 */
export const EXCHANGE_FAILURES = {
  perToken: { capacity: 10, refillPerMinute: 10 },
  perAddress: { capacity: 20, refillPerMinute: 20 },
} as const;

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

const iso = (t: { toDate(): Date } | null | undefined): string | null => (t ? t.toDate().toISOString() : null);

function summary(token: Stored<'publisherToken'>): PublisherTokenSummary {
  return {
    tokenId: token.tokenId,
    name: token.name,
    createdBy: token.createdBy,
    createdByEmail: token.createdByEmail,
    createdAt: iso(token.createdAt) ?? new Date(0).toISOString(),
    expiresAt: iso(token.expiresAt)!,
    lastUsedAt: iso(token.lastUsedAt),
    revokedAt: iso(token.revokedAt),
    revokedByEmail: token.revokedByEmail,
  };
}

/** Why a token that proved its secret cannot be used now; undefined when it can. */
async function unusableReason(
  tx: Transaction | undefined,
  token: Stored<'publisherToken'>,
  now: number,
): Promise<string | undefined> {
  if (token.revokedAt) return `The API token "${token.name}" was revoked; create a new one on the publisher's page.`;
  if (token.expiresAt.toMillis() <= now) {
    return `The API token "${token.name}" expired on ${token.expiresAt.toDate().toISOString()}; create a new one on the publisher's page.`;
  }
  // A token acts for the owner who made it: it stops when they are no longer an owner.
  const ref = docs.publisher(token.publisherId);
  const publisher = (tx ? await tx.get(ref) : await ref.get()).data();
  if (memberRole<PublisherRole>(publisher?.members, token.createdBy) !== 'owner') {
    return `The API token "${token.name}" was created by someone who is no longer an owner of "${token.publisherId}"; an owner must create a new one.`;
  }
  return undefined;
}

/** An owner creates a token; only its sha256 is stored, the token itself is returned once. */
export async function createPublisherToken(
  input: CallableParsedInput<typeof createContract>,
  context: CallContext,
): Promise<{ token: string; summary: PublisherTokenSummary }> {
  const now = Date.now();
  const ref = cols.publisherTokens().doc();
  const secret = randomBytes(PUBLISHER_TOKEN_SECRET_BYTES).toString('base64url');
  const stored = await db.runTransaction(async (tx) => {
    await requirePublisherMember(tx, input.publisherId, context.uid, true);
    const existing = await tx.get(cols.publisherTokens().where('publisherId', '==', input.publisherId));
    const active = existing.docs.filter((d) => !d.data().revokedAt && d.data().expiresAt.toMillis() > now).length;
    if (active >= MAX_ACTIVE_TOKENS_PER_PUBLISHER) {
      throw new ApiError(
        'limit-exceeded',
        `"${input.publisherId}" has ${active} active API tokens, the most allowed; revoke one it no longer needs first.`,
      );
    }
    const doc: Stored<'publisherToken'> = {
      tokenId: ref.id,
      publisherId: input.publisherId,
      name: input.name,
      secretSha256: sha256(secret).toString('hex'),
      createdBy: context.uid,
      createdByEmail: context.email,
      createdAt: Timestamp.fromMillis(now),
      expiresAt: Timestamp.fromMillis(now + input.expiresInDays * DAY_MS),
      lastUsedAt: null,
      revokedAt: null,
      revokedBy: null,
      revokedByEmail: null,
    };
    tx.create(ref, doc);
    return doc;
  });
  return { token: `${PUBLISHER_TOKEN_PREFIX}${ref.id}_${secret}`, summary: summary(stored) };
}

/** An owner revokes a token (again: no change). Identities already exchanged stop at their next call. */
export async function revokePublisherToken(
  input: CallableParsedInput<typeof revokeContract>,
  context: CallContext,
): Promise<{ summary: PublisherTokenSummary }> {
  const ref = docs.publisherToken(input.tokenId);
  const result = await db.runTransaction(async (tx) => {
    await requirePublisherMember(tx, input.publisherId, context.uid, true);
    const token = (await tx.get(ref)).data();
    if (!token || token.publisherId !== input.publisherId) {
      throw new ApiError('not-found', `"${input.publisherId}" has no API token ${input.tokenId}.`);
    }
    if (token.revokedAt) return token;
    const revoked = { revokedAt: Timestamp.now(), revokedBy: context.uid, revokedByEmail: context.email };
    tx.update(ref, revoked);
    return { ...token, ...revoked };
  });
  // Refresh tokens of the identity stop too; its current ID token is refused by every use check.
  await auth()
    .revokeRefreshTokens(tokenUid(input.tokenId))
    .catch((e: { code?: string }) => {
      if (e.code !== 'auth/user-not-found') logger.warn('revoking refresh tokens failed', e);
    });
  return { summary: summary(result) };
}

/** The publisher's tokens for its owners, newest first. */
export async function listPublisherTokens(
  input: CallableParsedInput<typeof listContract>,
  context: CallContext,
): Promise<{ tokens: PublisherTokenSummary[] }> {
  await requirePublisherMember(undefined, input.publisherId, context.uid, true);
  const snap = await cols.publisherTokens().where('publisherId', '==', input.publisherId).get();
  const tokens = snap.docs.map((d) => d.data()).sort((a, b) => b.createdAt.toMillis() - a.createdAt.toMillis());
  return { tokens: tokens.map(summary) };
}

const refused = () =>
  new ApiError(
    'token-invalid',
    'The API token is not valid: check that the whole token was copied (it starts with "mlep_"), or create a new one on the publisher\'s page.',
  );

/**
 * Exchanges a token for a custom token of its identity. Unknown ids, malformed tokens and wrong
 * secrets get one answer and each takes from the failure buckets (per token id, per address);
 * once a bucket is empty, further failures are refused with `rate-limited` and the wait. The
 * right secret is compared first and never refused for others' failures: a token's id is public
 * (versions name the identity that published them), so guessing at it must not lock its CI job
 * out, and its 256-bit secret cannot be guessed anyway.
 */
export async function exchangePublisherToken(
  input: CallableParsedInput<typeof exchangeContract>,
  context: PublicCallContext,
): Promise<ExchangePublisherTokenOutput> {
  const parsed = parsePublisherToken(input.token);
  const address = clientAddress(context.request.rawRequest);
  const claims: BucketClaim[] = [
    { key: `${EXCHANGE}:failures:address:${address}`, limit: EXCHANGE_FAILURES.perAddress, who: 'this address' },
  ];
  if (parsed) {
    claims.push({
      key: `${EXCHANGE}:failures:token:${parsed.tokenId}`,
      limit: EXCHANGE_FAILURES.perToken,
      who: 'this token',
    });
  }
  const now = Date.now();
  const outcome = await db.runTransaction(async (tx) => {
    const token = parsed ? (await tx.get(docs.publisherToken(parsed.tokenId))).data() : undefined;
    const matches =
      !!parsed && !!token && timingSafeEqual(sha256(parsed.secret), Buffer.from(token.secretSha256, 'hex'));
    if (!matches || !token) {
      // Only failures take from the buckets; an empty one throws rate-limited.
      const recordFailure = await takeInTransaction(tx, EXCHANGE, claims, now);
      recordFailure();
      return { kind: 'invalid' as const };
    }
    const reason = await unusableReason(tx, token, now);
    if (reason) return { kind: 'unusable' as const, reason };
    tx.update(docs.publisherToken(token.tokenId), { lastUsedAt: Timestamp.fromMillis(now) });
    return { kind: 'ok' as const, token };
  });
  if (outcome.kind === 'invalid') throw refused();
  if (outcome.kind === 'unusable') throw new ApiError('token-invalid', outcome.reason);
  const { token } = outcome;
  const uid = tokenUid(token.tokenId);
  const customToken = await auth().createCustomToken(uid, {
    publisherToken: token.tokenId,
    publisherId: token.publisherId,
  });
  return {
    customToken,
    uid,
    publisherId: token.publisherId,
    tokenName: token.name,
    expiresAt: token.expiresAt.toDate().toISOString(),
    storageBucket: bucket().name,
  };
}

/**
 * Why the pipeline must not publish an upload announced by a token identity (`uid`): the token
 * is gone, revoked, expired or its creator no longer an owner. Undefined for people's uploads.
 * Checked when processing starts and again in the commit's transaction (`tx`), so a revoke
 * during validation, scanning or signing still stops the version.
 */
export async function tokenUploadRefusal(uid: string, tx?: Transaction): Promise<string | undefined> {
  if (!uid.startsWith(TOKEN_UID_PREFIX)) return undefined;
  const ref = docs.publisherToken(uid.slice(TOKEN_UID_PREFIX.length));
  const token = (tx ? await tx.get(ref) : await ref.get()).data();
  if (!token) return 'The API token that announced this upload no longer exists.';
  return unusableReason(tx, token, Date.now());
}

/**
 * Checked on every use of a token identity (the ID token lives an hour, a revoke acts at once):
 * the token still exists, is neither revoked nor expired, its creator is still an owner, and the
 * publisher is the token's own. Plain reads: the exchange already recorded the use.
 */
export async function assertTokenMayUpload(identity: TokenIdentity, publisherId: string): Promise<void> {
  const token = (await docs.publisherToken(identity.tokenId).get()).data();
  if (!token || token.publisherId !== identity.publisherId) {
    throw new ApiError('token-invalid', 'The API token no longer exists.');
  }
  const unusable = await unusableReason(undefined, token, Date.now());
  if (unusable) throw new ApiError('token-invalid', unusable);
  if (publisherId !== token.publisherId) {
    throw new ApiError(
      'permission-denied',
      `The API token "${token.name}" uploads only for the publisher "${token.publisherId}", not "${publisherId}"; create a token on "${publisherId}"'s page.`,
    );
  }
}
