import { z } from 'zod';
import { defineCallable } from './define.js';
import { publisherIdSchema } from './publish.js';

/**
 * Publisher API tokens: what a CI job uses to publish without a person's account. A token reads
 * `mlep_<tokenId>_<secret>`: the id names the stored record, the secret (32 random bytes,
 * base64url) is shown once and stored only as its sha256. Exchanged for a short-lived Firebase
 * identity `ptok_<tokenId>` that may call nothing but the upload callables for its publisher.
 */
export const PUBLISHER_TOKEN_PREFIX = 'mlep_';
/** Random bytes in a token's secret. */
export const PUBLISHER_TOKEN_SECRET_BYTES = 32;
/** The Firebase Auth uid of a token's identity starts with this (no console account can have it). */
export const TOKEN_UID_PREFIX = 'ptok_';
/** Bounds and default of a token's lifetime, in days. */
export const TOKEN_EXPIRY_DAYS = { min: 1, max: 366, default: 90 } as const;
/** Tokens one publisher may hold that are neither revoked nor expired. */
export const MAX_ACTIVE_TOKENS_PER_PUBLISHER = 20;

/**
 * The only callables a token identity may call: announcing an upload for its publisher, and
 * withdrawing one it announced and did not send. Every other callable refuses it
 * (`functions/src/lib/callable.ts`), and the exchange itself is public.
 */
export const TOKEN_CALLABLES: readonly string[] = ['createUpload', 'withdrawUpload'];

/**
 * Callables deployed without App Check enforcement, and why: a CI job has no browser to attest
 * (`exchangePublisherToken` is public; `createUpload` still demands App Check from console
 * accounts, checked in `callable()`, and accepts token identities without it).
 */
export const APP_CHECK_EXEMPT: readonly string[] = ['exchangePublisherToken'];

const TOKEN_ID = /^[A-Za-z0-9]{20}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export const tokenIdSchema = z.string().regex(TOKEN_ID, 'must be a token id (20 letters and digits)');

/** Splits a token into its id and secret; undefined when it is not in the token format at all. */
export function parsePublisherToken(token: string): { tokenId: string; secret: string } | undefined {
  if (!token.startsWith(PUBLISHER_TOKEN_PREFIX)) return undefined;
  const rest = token.slice(PUBLISHER_TOKEN_PREFIX.length);
  const tokenId = rest.slice(0, 20);
  const secret = rest.slice(21);
  if (rest[20] !== '_' || !TOKEN_ID.test(tokenId) || !SECRET.test(secret)) return undefined;
  return { tokenId, secret };
}

/** The uid of a token's identity. */
export const tokenUid = (tokenId: string): string => `${TOKEN_UID_PREFIX}${tokenId}`;

export const createPublisherTokenInputSchema = z
  .object({
    publisherId: publisherIdSchema,
    /** What the token is for, shown in the list (e.g. "GitHub Actions: release.yml"). */
    name: z.string().trim().min(2, 'must have at least 2 characters').max(80),
    expiresInDays: z
      .number()
      .int('must be a whole number of days')
      .min(TOKEN_EXPIRY_DAYS.min)
      .max(TOKEN_EXPIRY_DAYS.max)
      .default(TOKEN_EXPIRY_DAYS.default),
  })
  .strict();

/** What the owners see of a token (never its secret nor its hash). */
export interface PublisherTokenSummary {
  tokenId: string;
  name: string;
  createdBy: string;
  createdByEmail: string | null;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedByEmail: string | null;
}

/** An owner of the publisher creates a token; the answer is the only time its secret is shown. */
export const createPublisherToken = defineCallable<{ token: string; summary: PublisherTokenSummary }>()(
  'createPublisherToken',
  createPublisherTokenInputSchema,
);

export const revokePublisherTokenInputSchema = z
  .object({ publisherId: publisherIdSchema, tokenId: tokenIdSchema })
  .strict();

/** An owner revokes a token: it stops working at once, including identities already exchanged. */
export const revokePublisherToken = defineCallable<{ summary: PublisherTokenSummary }>()(
  'revokePublisherToken',
  revokePublisherTokenInputSchema,
);

export const listPublisherTokensInputSchema = z.object({ publisherId: publisherIdSchema }).strict();

/** The publisher's tokens, newest first, for its owners. */
export const listPublisherTokens = defineCallable<{ tokens: PublisherTokenSummary[] }>()(
  'listPublisherTokens',
  listPublisherTokensInputSchema,
);

export const exchangePublisherTokenInputSchema = z
  .object({ token: z.string().max(200, 'is longer than any token') })
  .strict();

export interface ExchangePublisherTokenOutput {
  /** A Firebase custom token for `ptok_<tokenId>` (sign in with it to get an ID token). */
  customToken: string;
  uid: string;
  publisherId: string;
  tokenName: string;
  expiresAt: string;
  /** The bucket uploads go to. */
  storageBucket: string;
}

/**
 * Public: a CI job exchanges its token for a Firebase identity limited to uploading for the
 * token's publisher. Unknown ids and wrong secrets get the same refusal; failures are rate-limited.
 */
export const exchangePublisherToken = defineCallable<ExchangePublisherTokenOutput>()(
  'exchangePublisherToken',
  exchangePublisherTokenInputSchema,
);
