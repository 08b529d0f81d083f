/**
 * One zod schema per Firestore document of the marketplace: what functions write and every
 * reader parses (through `documentConverter`). Objects are strict: a field nobody declared is a
 * shape error, not silently kept or dropped. Timestamps are either SDK's (`timestampSchema`).
 */
import * as z from 'zod/mini';
import { ORG_ROLES, PUBLISHER_ROLES } from '../api/roles.js';
import {
  CAPABILITY_TYPE_NAMES,
  CATEGORIES,
  PERMISSION_FLAGS,
  PERMISSION_NAMES,
  type CapabilityType,
  type PermissionFlag,
} from '../catalogue/index.js';
import { ERROR_CODES, type ErrorCode } from '../errors.js';
import type { Category, Permission, PluginManifest } from '../manifest/manifest.generated.js';
import { CURRENCY_CODES, chargeProblem } from '../money.js';
import { timestampSchema } from './converter.js';

const nonEmpty = <T extends string>(values: readonly T[]) => values as unknown as [T, ...T[]];

// Pieces --------------------------------------------------------------------------------------

export const categorySchema = z.enum(nonEmpty<Category>(CATEGORIES));
export const capabilityTypeSchema = z.enum(nonEmpty<CapabilityType>(CAPABILITY_TYPE_NAMES));
const orgRoleSchema = z.enum(ORG_ROLES);
const publisherRoleSchema = z.enum(PUBLISHER_ROLES);

/** The pipeline steps an upload goes through, in order. */
export const UPLOAD_STATES = ['awaiting-upload', 'received', 'validating', 'signing', 'published', 'rejected'] as const;
export type UploadState = (typeof UPLOAD_STATES)[number];

/** A paid price, in the currency's minor units (cents; yen for JPY; fils for KWD): see CURRENCY_EXPONENTS. */
const paidPrice = <M extends 'one-time' | 'subscription'>(model: M) =>
  z.strictObject({
    model: z.literal(model),
    amount: z.int().check(z.minimum(50, 'must be at least 50 minor units'), z.maximum(100_000_000)),
    currency: z.enum(CURRENCY_CODES, {
      message: `must be one of the accepted currencies (${CURRENCY_CODES.join(', ')})`,
    }),
  });

/** A listing's price: free, or paid once or by subscription (checked against the currency's charge rules). */
export const pricingSchema = z
  .discriminatedUnion('model', [
    z.strictObject({ model: z.literal('free') }),
    paidPrice('one-time'),
    paidPrice('subscription'),
  ])
  .check(
    z.superRefine((price, ctx) => {
      if (price.model === 'free') return;
      const problem = chargeProblem(price.amount, price.currency);
      if (problem) ctx.addIssue({ code: 'custom', path: ['amount'], message: problem });
    }),
  );

export const permissionNameSchema = z.enum(nonEmpty(PERMISSION_NAMES));
/** The keys of a listing's `permissionFlags` (see `permissionFlag`). */
export const permissionFlagSchema = z.enum(nonEmpty<PermissionFlag>(PERMISSION_FLAGS));

/**
 * A declared permission as the manifest gives it (validated in full by the manifest's JSON
 * schema at publish; here its name and that it is an object).
 */
export const permissionSchema = z.custom<Permission>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (PERMISSION_NAMES as readonly unknown[]).includes((value as { name?: unknown }).name),
  { message: 'must be a declared permission' },
);

/** A plugin manifest (validated in full by its JSON schema at publish; here its identity). */
export const pluginManifestSchema = z.custom<PluginManifest>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as PluginManifest).id === 'string' &&
    typeof (value as PluginManifest).version === 'string' &&
    Array.isArray((value as PluginManifest).permissions) &&
    Array.isArray((value as PluginManifest).capabilities),
  { message: 'must be a plugin manifest' },
);

export const validationIssueSchema = z.strictObject({
  code: z.enum(nonEmpty(Object.keys(ERROR_CODES) as ErrorCode[])),
  message: z.string(),
  path: z.optional(z.string()),
});

export const dsseEnvelopeSchema = z.strictObject({
  payloadType: z.string(),
  payload: z.string(),
  signatures: z.array(z.strictObject({ keyid: z.string(), sig: z.string() })),
});

export const permissionDiffSchema = z.strictObject({
  added: z.array(permissionSchema),
  removed: z.array(permissionSchema),
  changed: z.array(
    z.strictObject({ name: permissionNameSchema, added: z.array(z.string()), removed: z.array(z.string()) }),
  ),
});

export const ratingSummarySchema = z.strictObject({
  count: z.number(),
  sum: z.number(),
  average: z.number(),
  histogram: z.strictObject({ '1': z.number(), '2': z.number(), '3': z.number(), '4': z.number(), '5': z.number() }),
});

export const deprecationSchema = z.strictObject({
  message: z.string(),
  replacement: z.nullable(z.string()),
  at: timestampSchema,
});

/** `members` (uid → role), `memberIds`, and the email and name each member joined with. */
const membership = <R extends z.ZodMiniType<string>>(role: R) => ({
  members: z.record(z.string(), role),
  memberIds: z.array(z.string()),
  memberEmails: z.record(z.string(), z.nullable(z.string())),
  memberNames: z.record(z.string(), z.nullable(z.string())),
});

// Catalogue -----------------------------------------------------------------------------------

/** Listing settings a publisher sets over the manifest's own. */
export const listingOverridesSchema = z.strictObject({
  summary: z.optional(z.nullable(z.string())),
  categories: z.optional(z.nullable(z.array(categorySchema))),
});

/** `plugins/{pluginId}`: the listing, with the fields derived for queries (search, filters, score). */
export const listingDocSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  summary: z.string(),
  publisherId: z.string(),
  publisherName: z.string(),
  publisherVerified: z.boolean(),
  categories: z.array(categorySchema),
  keywords: z.array(z.string()),
  capabilityTypes: z.array(capabilityTypeSchema),
  permissionNames: z.array(z.string()),
  /** One `true` per category and capability type: equality filters Firestore can combine. */
  categoryFlags: z.partialRecord(categorySchema, z.literal(true)),
  capabilityFlags: z.partialRecord(capabilityTypeSchema, z.literal(true)),
  /** One `true` per permission asked for (`sensors_read`), or `none`: the permission filter. */
  permissionFlags: z._default(z.partialRecord(permissionFlagSchema, z.literal(true)), {}),
  /** Search prefixes (one array-contains per query). */
  searchTokens: z.array(z.string()),
  latestVersion: z.nullable(z.string()),
  versionCount: z.int(),
  visibility: z.enum(['public', 'private']),
  privateOrgId: z.nullable(z.string()),
  /** Stored as the publisher set it through `updateListing`. */
  pricing: pricingSchema,
  priceClass: z.enum(['free', 'paid']),
  rating: ratingSummarySchema,
  /** One flag per minimum rating the discovery filter offers. */
  ratingAtLeast: z.strictObject({ '1': z.boolean(), '2': z.boolean(), '3': z.boolean(), '4': z.boolean() }),
  installCount: z.int(),
  score: z.number(),
  iconDataUrl: z.nullable(z.string()),
  repository: z.string(),
  homepage: z.nullable(z.string()),
  license: z.string(),
  deprecated: z.nullable(deprecationSchema),
  overrides: z.optional(listingOverridesSchema),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

/** A screenshot of a version: its Storage object (`objectPaths.screenshot`), caption and sniffed size. */
export const versionScreenshotSchema = z.strictObject({
  path: z.string(),
  caption: z.string(),
  width: z.int(),
  height: z.int(),
  type: z.enum(['png', 'jpeg', 'webp']),
});

/** `plugins/{pluginId}/versions/{version}`: a published (or yanked) version, immutable but for status. */
export const versionDocSchema = z.strictObject({
  pluginId: z.string(),
  version: z.string(),
  prerelease: z.boolean(),
  publisherId: z.string(),
  manifest: pluginManifestSchema,
  manifestSha256: z.string(),
  platformRange: z.string(),
  permissions: z.array(permissionSchema),
  permissionDiff: permissionDiffSchema,
  previousVersion: z.nullable(z.string()),
  sha256: z.string(),
  size: z.int(),
  fileCount: z.int(),
  artifactPath: z.string(),
  envelopePath: z.string(),
  /** Inline when small; otherwise read it from envelopePath in Storage. */
  envelope: z.nullable(dsseEnvelopeSchema),
  keyId: z.string(),
  iconDataUrl: z.nullable(z.string()),
  status: z.enum(['published', 'yanked']),
  yank: z.optional(z.nullable(z.strictObject({ at: timestampSchema, by: z.string(), reason: z.nullable(z.string()) }))),
  deprecated: z.nullable(deprecationSchema),
  /** The upload that published it (a redelivered commit of the same upload is not a conflict). */
  uploadId: z.string(),
  publishedBy: z.string(),
  publishedAt: timestampSchema,
  /**
   * This version's section of the package's changelog (Markdown, shown sanitised); null without
   * a changelog. Versions published before changelogs were stored lack it.
   */
  releaseNotes: z._default(z.nullable(z.string()), null),
  /** The package's screenshots, copied to Storage at publish, in manifest order. */
  screenshots: z._default(z.array(versionScreenshotSchema), []),
});

/** `plugins/{pluginId}/versions/{version}/assets/readme`. */
export const readmeDocSchema = z.strictObject({ markdown: z.string() });

/** `stats/catalog`. */
export const catalogStatsDocSchema = z.strictObject({
  plugins: z.int(),
  publicPlugins: z.int(),
  updatedAt: timestampSchema,
});

// Publishing ----------------------------------------------------------------------------------

export const uploadStateSchema = z.enum(UPLOAD_STATES);

/** `uploads/{uploadId}`: written only by functions; the developer's browser watches it. */
export const uploadDocSchema = z.strictObject({
  uploadId: z.string(),
  uid: z.string(),
  publisherId: z.string(),
  size: z.int(),
  sha256: z.string(),
  fileName: z.nullable(z.string()),
  objectPath: z.string(),
  state: uploadStateSchema,
  /** When each step was reached. */
  steps: z.partialRecord(uploadStateSchema, timestampSchema),
  errors: z.array(validationIssueSchema),
  pluginId: z.nullable(z.string()),
  version: z.nullable(z.string()),
  attempts: z.int(),
  /** The attempt that owns the upload, until when. */
  lease: z.nullable(z.strictObject({ token: z.string(), until: timestampSchema })),
  createdAt: timestampSchema,
  expiresAt: timestampSchema,
});

/** `idClaims/{skeleton}`: which plugin holds an id's look-alike skeleton. */
export const idClaimDocSchema = z.strictObject({
  pluginId: z.string(),
  publisherId: z.string(),
  createdAt: timestampSchema,
});

/** `publisherClaims/{key}`: which publisher holds an id's or display name's skeleton. */
export const publisherClaimDocSchema = z.strictObject({
  publisherId: z.string(),
  source: z.enum(['id', 'displayName']),
  createdAt: timestampSchema,
});

/** `artifactLocks/{pluginId}@{version}`: which upload may write an unpublished version's artifact. */
export const artifactLockDocSchema = z.strictObject({ uploadId: z.string(), lockedAt: timestampSchema });

/** `signingKeys/{keyId}`: a published signing key. */
export const signingKeyDocSchema = z.strictObject({
  keyId: z.string(),
  algorithm: z.literal('ECDSA_P256_SHA256'),
  publicKeyPem: z.string(),
  source: z.enum(['kms', 'local']),
  kmsKeyVersion: z.optional(z.string()),
  status: z.enum(['active', 'retired', 'revoked']),
  createdAt: timestampSchema,
  retiredAt: z.optional(timestampSchema),
  revokedAt: z.optional(timestampSchema),
  revokedBy: z.optional(z.string()),
  revocationReason: z.optional(z.string()),
});

// Publishers and organizations ------------------------------------------------------------------

/** `publishers/{publisherId}`: with its members (readable by its members and administrators). */
export const publisherDocSchema = z.strictObject({
  displayName: z.string(),
  ...membership(publisherRoleSchema),
  verified: z.boolean(),
  verifiedAt: z.optional(timestampSchema),
  verifiedBy: z.optional(z.string()),
  suspended: z.optional(z.boolean()),
  createdAt: timestampSchema,
  /** Absent for publishers created by the administrators' tools rather than the callable. */
  createdBy: z.optional(z.string()),
});

/** `publisherProfiles/{publisherId}`: what everyone may read of a publisher. */
export const publisherProfileDocSchema = z.strictObject({
  displayName: z.string(),
  verified: z.boolean(),
  suspended: z.optional(z.literal(true)),
});

export const orgSettingsSchema = z.strictObject({
  internalOnly: z.boolean(),
  allowedPublishers: z.array(z.string()),
  blockedPublishers: z.array(z.string()),
  maxRisk: z.enum(['low', 'medium', 'high']),
});

/** `orgs/{orgId}`: an organization, its members and its install policy. */
export const orgDocSchema = z.strictObject({
  name: z.string(),
  ...membership(orgRoleSchema),
  settings: orgSettingsSchema,
  createdAt: timestampSchema,
  createdBy: z.string(),
});

const invitationFields = {
  targetId: z.string(),
  targetName: z.string(),
  /** Lowercase. */
  email: z.string(),
  invitedBy: z.strictObject({ uid: z.string(), name: z.string() }),
  status: z.enum(['pending', 'accepted', 'declined', 'revoked']),
  createdAt: timestampSchema,
  expiresAt: timestampSchema,
  /** When it was declined or revoked. */
  answeredAt: z.optional(timestampSchema),
  /** Who accepted, with the verified email they were signed in with. */
  acceptedBy: z.optional(z.strictObject({ uid: z.string(), email: z.string(), at: timestampSchema })),
};

/** `invitations/{invitationId}`: membership by email, accepted by the invitee (server-written). */
export const invitationDocSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('org'), role: orgRoleSchema, ...invitationFields }),
  z.strictObject({ kind: z.literal('publisher'), role: publisherRoleSchema, ...invitationFields }),
]);

/** `users/{uid}`: an account's own profile (not written by the marketplace's functions). */
export const userDocSchema = z.strictObject({ email: z.string() });

// Installs and the runtime ----------------------------------------------------------------------

export const installCapabilitySchema = z.strictObject({
  type: capabilityTypeSchema,
  id: z.string(),
  title: z.string(),
});

/** `orgs/{orgId}/installs/{pluginId}`. */
export const installDocSchema = z.strictObject({
  pluginId: z.string(),
  name: z.string(),
  publisherId: z.string(),
  iconDataUrl: z.nullable(z.string()),
  version: z.string(),
  grantedPermissions: z.array(permissionSchema),
  capabilities: z.array(installCapabilitySchema),
  /** Who consented to which permissions of which exact package, and when. */
  consent: z.strictObject({
    uid: z.string(),
    /** Only when the identity provider verified it. */
    email: z.nullable(z.string()),
    emailVerified: z.boolean(),
    at: timestampSchema,
    manifestSha256: z.string(),
    packageSha256: z.string(),
    permissions: z.array(permissionSchema),
  }),
  installedAt: timestampSchema,
  installedBy: z.string(),
  updatedAt: timestampSchema,
});

/** Someone as the console shows them: uid and the name (or email) they go by. */
export const personSchema = z.strictObject({ uid: z.string(), name: z.string() });

/**
 * `orgs/{orgId}/installRequests/{pluginId}`: a member asked the owners and admins to install a
 * plugin; one per organization and plugin (asking again after a decision starts a new one).
 */
export const installRequestDocSchema = z.strictObject({
  pluginId: z.string(),
  pluginName: z.string(),
  /** The latest version when asked (the owner installs whatever is latest when approving). */
  version: z.string(),
  note: z.string(),
  requestedBy: personSchema,
  requestedAt: timestampSchema,
  status: z.enum(['pending', 'approved', 'declined']),
  decidedBy: z.nullable(personSchema),
  decidedAt: z.nullable(timestampSchema),
  /** Why it was declined; the installed version when approved. */
  outcome: z.nullable(z.string()),
});

export const bridgeAuditEventSchema = z.strictObject({
  permission: z.string(),
  operation: z.string(),
  allowed: z.boolean(),
  detail: z.optional(z.string()),
});

const auditBase = { pluginId: z.string(), uid: z.string(), at: timestampSchema };

/** `orgs/{orgId}/auditLog/{entryId}`: what happened in an organization, by whom (server-written). */
export const auditEntryDocSchema = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('install'),
    ...auditBase,
    version: z.string(),
    email: z.nullable(z.string()),
    permissions: z.array(permissionSchema),
  }),
  z.strictObject({ action: z.literal('uninstall'), ...auditBase, version: z.string(), email: z.nullable(z.string()) }),
  z.strictObject({
    action: z.literal('update'),
    ...auditBase,
    fromVersion: z.string(),
    version: z.string(),
    email: z.nullable(z.string()),
    reconsented: z.boolean(),
    permissions: z.array(permissionSchema),
  }),
  z.strictObject({
    action: z.literal('org.settings'),
    uid: z.string(),
    settings: orgSettingsSchema,
    at: timestampSchema,
  }),
  z.strictObject({
    action: z.literal('plugin.bridge'),
    ...auditBase,
    via: z.enum(['step', 'panel']),
    calls: z.array(bridgeAuditEventSchema),
    version: z.string(),
    /** Automation steps: which step, how it ended, and what the sandbox bounded. */
    stepId: z.optional(z.string()),
    outcome: z.optional(z.string()),
    serviceCalls: z.optional(z.int()),
    refusedCalls: z.optional(z.int()),
    refusedSampled: z.optional(z.int()),
    logLinesDropped: z.optional(z.int()),
  }),
]);

/** `panelSessions/{token}`: a short-lived session of an open UI panel. */
export const panelSessionDocSchema = z.strictObject({
  orgId: z.string(),
  pluginId: z.string(),
  version: z.string(),
  panelId: z.string(),
  uid: z.string(),
  methods: z.array(z.string()),
  expiresAt: timestampSchema,
  /** For a Firestore TTL policy. */
  expireAt: timestampSchema,
});

/** `orgs/{orgId}/pluginData/{pluginId}/entries/{key}`: `storage:plugin` entries (JSON text). */
export const storageEntryDocSchema = z.strictObject({ key: z.string(), json: z.string(), updatedAt: timestampSchema });

/** `orgs/{orgId}/sensors/{sensorId}`: a live reading the platform feeds (managers in the console). */
export const sensorReadingDocSchema = z.strictObject({
  value: z.union([z.number(), z.string(), z.boolean()]),
  unit: z.optional(z.string()),
  at: timestampSchema,
});

/** `orgs/{orgId}/secrets/{name}`: write-only for managers, read by plugins granted `secrets:read`. */
export const secretDocSchema = z.strictObject({ value: z.string(), updatedAt: timestampSchema });

const queued = {
  pluginId: z.string(),
  requestedBy: z.string(),
  via: z.enum(['step', 'panel']),
  status: z.literal('queued'),
  at: timestampSchema,
};
/** `orgs/{orgId}/actuatorCommands/{id}`: a queued command (the command as JSON text). */
export const actuatorCommandDocSchema = z.strictObject({ ...queued, actuatorId: z.string(), command: z.string() });
/** `orgs/{orgId}/notifications/{id}`. */
export const notificationDocSchema = z.strictObject({
  ...queued,
  title: z.string(),
  body: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
});
/** `orgs/{orgId}/automationRuns/{id}`: a queued run (the input as JSON text). */
export const automationRunDocSchema = z.strictObject({ ...queued, flowId: z.string(), input: z.string() });

// Reviews ---------------------------------------------------------------------------------------

export const reviewStatusSchema = z.enum(['published', 'rejected', 'hidden', 'removed']);
const ratingValueSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);

/** `plugins/{pluginId}/reviews/{uid}`: the author's own review (author-written, status mirrored). */
export const reviewDocSchema = z.strictObject({
  rating: ratingValueSchema,
  title: z.string(),
  body: z.string(),
  version: z.string(),
  orgId: z.string(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  /** Set by the server. */
  status: z.optional(reviewStatusSchema),
  statusReason: z.optional(z.nullable(z.string())),
});

export const reviewReplySchema = z.strictObject({ body: z.string(), publisherId: z.string(), at: timestampSchema });

/** `plugins/{pluginId}/publicReviews/{reviewId}`: what everyone reads of a published review. */
export const publicReviewDocSchema = z.strictObject({
  rating: ratingValueSchema,
  title: z.string(),
  body: z.string(),
  version: z.string(),
  authorName: z.string(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  helpfulCount: z.int(),
  reply: z.nullable(reviewReplySchema),
});

/** `plugins/{pluginId}/reviewState/{uid}`: server-only; survives the author deleting the review. */
export const reviewStateDocSchema = z.strictObject({
  /** The rating this review currently adds to the plugin's aggregates (null: nothing). */
  counted: z.nullable(ratingValueSchema),
  status: z.enum(['published', 'rejected', 'hidden', 'removed', 'deleted']),
  statusReason: z.nullable(z.string()),
  /** A moderator's or the flag threshold's decision; only an administrator lifts it. */
  moderation: z.nullable(z.enum(['hidden', 'removed'])),
  moderatedBy: z.optional(
    z.strictObject({ uid: z.string(), at: timestampSchema, action: z.enum(['restore', 'remove']) }),
  ),
  reviewId: z.string(),
  orgId: z.nullable(z.string()),
  /** Copy of the review for moderators. */
  rating: z.nullable(z.number()),
  title: z.string(),
  body: z.string(),
  authorName: z.string(),
  helpfulCount: z.int(),
  flagCount: z.int(),
  reply: z.nullable(reviewReplySchema),
  updatedAt: timestampSchema,
});

/** `plugins/{pluginId}/publicReviews/{reviewId}/{votes|flags}/{orgId}`: one per organization. */
export const reviewReactionDocSchema = z.strictObject({
  by: z.string(),
  at: timestampSchema,
  /** Flags only. */
  reason: z.optional(z.string()),
});

// Revenue ---------------------------------------------------------------------------------------

export const currencyCodeSchema = z.enum(CURRENCY_CODES);
export const providerNameSchema = z.enum(['stripe', 'local']);
export const subscriptionStatusSchema = z.enum([
  'active',
  'trialing',
  'past_due',
  'unpaid',
  'canceled',
  'incomplete',
  'incomplete_expired',
  'paused',
  'unknown',
]);

/** A payment the entitlement remembers, so that its refunds can be reversed in the ledger. */
export const paymentRecordSchema = z.strictObject({
  providerRef: z.string(),
  kind: z.enum(['one-time', 'subscription']),
  provider: providerNameSchema,
  testMode: z.boolean(),
  publisherId: z.string(),
  currency: currencyCodeSchema,
  amountMinor: z.int(),
  developerMinor: z.int(),
  marketplaceMinor: z.int(),
  /** Cumulative amount refunded and already reversed in the ledger. */
  refundedMinor: z.int(),
  occurredAt: z.number(),
});

/** The entitlement state the payment reducer keeps (times are epoch milliseconds). */
export const entitlementSchema = z.strictObject({
  orgId: z.string(),
  pluginId: z.string(),
  publisherId: z.string(),
  model: z.enum(['one-time', 'subscription']),
  status: z.enum(['active', 'ended']),
  endedReason: z.optional(z.enum(['refunded', 'canceled'])),
  since: z.number(),
  paidThrough: z.optional(z.number()),
  currentPeriodEnd: z.optional(z.number()),
  endsAt: z.optional(z.number()),
  cancelAtPeriodEnd: z.optional(z.boolean()),
  cancelAt: z.optional(z.number()),
  subscriptionStatus: z.optional(subscriptionStatusSchema),
  endedAt: z.optional(z.number()),
  provider: providerNameSchema,
  providerRef: z.string(),
  testMode: z.boolean(),
  lastEventId: z.string(),
  lastEventCreated: z.number(),
  stateEventCreated: z.number(),
  appliedEventIds: z.array(z.string()),
  payments: z.array(paymentRecordSchema),
  updatedAt: z.number(),
});

/** `orgs/{orgId}/entitlements/{pluginId}`: the entitlement with its verdict at write time. */
export const entitlementDocSchema = z.extend(entitlementSchema, {
  /** For the console (the install API re-evaluates it). */
  access: z.strictObject({ active: z.boolean(), reason: z.string(), until: z.nullable(z.string()) }),
});

/** `orgs/{orgId}/checkouts/{pluginId}`: the one open checkout (or one being opened), server-only. */
export const checkoutDocSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('opening'), nonce: z.string(), by: z.string(), openingUntil: timestampSchema }),
  z.strictObject({
    state: z.literal('open'),
    checkoutId: z.string(),
    url: z.string(),
    testMode: z.boolean(),
    by: z.string(),
    expiresAt: timestampSchema,
  }),
]);

/** `ledger/{entryId}`: one immutable entry per payment and per refund increment. */
export const ledgerEntryDocSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(['payment', 'refund']),
  pluginId: z.string(),
  publisherId: z.string(),
  orgId: z.string(),
  currency: currencyCodeSchema,
  /** Signed minor units: positive for a payment, negative for a refund. */
  amountMinor: z.int(),
  developerMinor: z.int(),
  marketplaceMinor: z.int(),
  /** Epoch milliseconds. */
  occurredAt: z.number(),
  /** `YYYY-MM` of occurredAt in UTC. */
  period: z.string(),
  provider: z.string(),
  providerRef: z.string(),
  testMode: z.boolean(),
  /** Refund entries only: the total refunded on the payment once this entry is applied. */
  refundedTotalMinor: z.optional(z.int()),
});

/** `publishers/{publisherId}/earnings/{rowId}`: totals per plugin, month, currency and test mode. */
export const earningsRowDocSchema = z.strictObject({
  publisherId: z.string(),
  pluginId: z.string(),
  period: z.string(),
  currency: currencyCodeSchema,
  testMode: z.boolean(),
  grossMinor: z.int(),
  refundedMinor: z.int(),
  developerMinor: z.int(),
  marketplaceMinor: z.int(),
  paymentCount: z.int(),
  refundCount: z.int(),
});

// Events ----------------------------------------------------------------------------------------

/** `processedEvents/{eventId}`: marks an event applied once (with a TTL). */
export const processedEventDocSchema = z.strictObject({ processedAt: timestampSchema, expireAt: timestampSchema });
