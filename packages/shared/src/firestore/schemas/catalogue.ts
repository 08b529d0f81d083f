import * as z from 'zod/mini';
import { timestampSchema } from '../converter.js';
import {
  capabilityTypeSchema,
  categorySchema,
  deprecationSchema,
  dsseEnvelopeSchema,
  permissionDiffSchema,
  permissionFlagSchema,
  permissionSchema,
  pluginManifestSchema,
  pricingSchema,
  ratingSummarySchema,
} from './pieces.js';
import { moderationMarkSchema } from './moderation.js';

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
  /**
   * The marketplace kill switch: set, the plugin is refused to install, update, run and open
   * everywhere and left out of discovery; organizations that have it see the reason.
   */
  revoked: z._default(z.nullable(moderationMarkSchema), null),
  /** Its publisher is suspended: left out of discovery (kept in step by `setPublisherSuspended`). */
  publisherSuspended: z._default(z.boolean(), false),
  /** Neither revoked nor of a suspended publisher: the discovery queries' filter (kept by the derived-fields trigger). */
  discoverable: z._default(z.boolean(), true),
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
  /** The kill switch for this one version (see the listing's `revoked`). */
  revoked: z._default(z.nullable(moderationMarkSchema), null),
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

/**
 * `heldVersions/{pluginId}@{version}`: a signed version the scan quarantined, kept (server-only)
 * until an administrator approves it (then it becomes `versions/{version}` with its README and
 * updates the listing) or rejects it. Its artifact is in the registry but nothing serves it.
 */
export const heldVersionDocSchema = z.strictObject({
  version: versionDocSchema,
  readme: z.string(),
});
