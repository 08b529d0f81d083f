import * as z from 'zod/mini';
import type { ScanResult } from '../../scan/types.js';
import { timestampSchema } from '../converter.js';
import { nonEmpty } from './pieces.js';

// Trust and safety ----------------------------------------------------------------------------

/** Who took a moderation action, why and when (a kill switch, a suspension). */
export const moderationMarkSchema = z.strictObject({
  reason: z.string(),
  at: timestampSchema,
  by: z.string(),
});

export const storedScanFindingSchema = z.strictObject({
  ruleId: z.string(),
  kind: z.enum(['secret', 'reach', 'obfuscation', 'impersonation', 'blocklist']),
  severity: z.enum(['block', 'quarantine', 'low']),
  file: z.string(),
  line: z.int(),
  column: z.optional(z.int()),
  excerpt: z.string(),
  message: z.string(),
  fix: z.string(),
});

/** A stored scan result (`ScanResult` of shared/scan, as Firestore keeps it). */
export const storedScanSchema = z.strictObject({
  outcome: z.enum(['blocked', 'quarantined', 'passed']),
  findings: z.array(storedScanFindingSchema),
  omitted: z.int(),
  counts: z.strictObject({ block: z.int(), quarantine: z.int(), low: z.int() }),
  rulesVersion: z.string(),
});
// The stored shape is the scanner's: a change to either fails to compile here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const storedIsScan: Same<z.output<typeof storedScanSchema>, ScanResult> = true;
void storedIsScan;

export const REVIEW_STATES = ['pending', 'approved', 'rejected', 'none'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/**
 * `scanReports/{pluginId}@{version}`: the scan of a version that was signed (passed or
 * quarantined) and, when quarantined, its review. Readable by the publisher's members and
 * marketplace administrators; written only by functions.
 */
export const scanReportDocSchema = z.strictObject({
  pluginId: z.string(),
  version: z.string(),
  name: z.string(),
  publisherId: z.string(),
  publisherName: z.string(),
  uploadId: z.string(),
  uploadedBy: z.string(),
  sha256: z.string(),
  scan: storedScanSchema,
  /** `none` for a version that passed; `pending` while held for review. */
  review: z.enum(REVIEW_STATES),
  queuedAt: timestampSchema,
  decidedAt: z.nullable(timestampSchema),
  decidedBy: z.nullable(z.string()),
  /** The administrator's reason (shown to the publisher when rejected). */
  decisionReason: z.nullable(z.string()),
});

export const BLOCKLIST_SCOPES = ['package', 'file'] as const;

/** `blocklist/{sha256}`: a package or file digest an administrator blocked (administrators read it). */
export const blocklistDocSchema = z.strictObject({
  sha256: z.string(),
  scope: z.enum(BLOCKLIST_SCOPES),
  reason: z.string(),
  by: z.string(),
  at: timestampSchema,
});

export const ADMIN_ACTIONS = [
  'review.approve',
  'review.reject',
  'review-moderation.restore',
  'review-moderation.remove',
  'publisher.verify',
  'publisher.unverify',
  'publisher.suspend',
  'publisher.unsuspend',
  'plugin.revoke',
  'plugin.restore',
  'version.revoke',
  'version.restore',
  'signing-key.rotate',
  'signing-key.revoke',
  'blocklist.add',
  'blocklist.remove',
] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

/**
 * `adminAudit/{entryId}`: one marketplace administrator action, written in the action's own
 * transaction; never updated or deleted (rules refuse every client write; no function updates).
 */
export const adminAuditEntryDocSchema = z.strictObject({
  action: z.enum(nonEmpty<AdminAction>(ADMIN_ACTIONS)),
  actorUid: z.string(),
  actorEmail: z.nullable(z.string()),
  /** What was acted on: `plugin`, `version` (`id@version`), `publisher`, `review`, `signing-key`, `blocklist`. */
  targetKind: z.enum(['plugin', 'version', 'publisher', 'review', 'signing-key', 'blocklist']),
  targetId: z.string(),
  reason: z.nullable(z.string()),
  at: timestampSchema,
});
