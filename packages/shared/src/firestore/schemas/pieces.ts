import * as z from 'zod/mini';
import { ORG_ROLES, PUBLISHER_ROLES } from '../../api/roles.js';
import {
  CAPABILITY_TYPE_NAMES,
  CATEGORIES,
  PERMISSION_FLAGS,
  PERMISSION_NAMES,
  type CapabilityType,
  type PermissionFlag,
} from '../../catalogue/index.js';
import { ERROR_CODE_NAMES } from '../../error-codes.js';
import type { Category, Permission, PluginManifest } from '../../manifest/manifest.generated.js';
import { CURRENCY_CODES, chargeProblem } from '../../money.js';
import { timestampSchema } from '../converter.js';

export const nonEmpty = <T extends string>(values: readonly T[]) => values as unknown as [T, ...T[]];

// Pieces --------------------------------------------------------------------------------------

export const categorySchema = z.enum(nonEmpty<Category>(CATEGORIES));
export const capabilityTypeSchema = z.enum(nonEmpty<CapabilityType>(CAPABILITY_TYPE_NAMES));
export const orgMemberRoleSchema = z.enum(ORG_ROLES);
export const publisherMemberRoleSchema = z.enum(PUBLISHER_ROLES);

/** The pipeline steps an upload goes through, in order. */
export const UPLOAD_STATES = [
  'awaiting-upload',
  'received',
  'validating',
  'signing',
  'published',
  'rejected',
  /** Signed but held for an administrator's review (the scan quarantined it); ends published or rejected. */
  'in-review',
  /** A development build: signed and installable only in the upload's organization, never listed. */
  'development-ready',
] as const;
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
  code: z.enum(ERROR_CODE_NAMES),
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
export const membership = <R extends z.ZodMiniType<string>>(role: R) => ({
  members: z.record(z.string(), role),
  memberIds: z.array(z.string()),
  memberEmails: z.record(z.string(), z.nullable(z.string())),
  memberNames: z.record(z.string(), z.nullable(z.string())),
});
