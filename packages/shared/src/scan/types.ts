import { z } from 'zod';

/** What a finding does to the version: `block` rejects it, `quarantine` holds it for review. */
export const scanSeveritySchema = z.enum(['block', 'quarantine', 'low']);
export type ScanSeverity = z.infer<typeof scanSeveritySchema>;

export const scanKindSchema = z.enum(['secret', 'reach', 'obfuscation', 'impersonation', 'blocklist']);
export type ScanKind = z.infer<typeof scanKindSchema>;

/** Blocked if any block finding, else quarantined if any quarantine finding, else passed. */
export const scanOutcomeSchema = z.enum(['blocked', 'quarantined', 'passed']);
export type ScanOutcome = z.infer<typeof scanOutcomeSchema>;

/** One finding, as stored on an upload and shown to the publisher and the reviewer. */
export const scanFindingSchema = z.object({
  ruleId: z.string(),
  kind: scanKindSchema,
  severity: scanSeveritySchema,
  /** Package path, or `plugin.json` for findings about the manifest, or `(package)` for the archive. */
  file: z.string(),
  /** 1-based; 0 when the finding is about the whole file. */
  line: z.number().int().nonnegative(),
  column: z.number().int().positive().optional(),
  /** The line (at most 160 characters) with any secret redacted. */
  excerpt: z.string(),
  message: z.string(),
  fix: z.string(),
});
export type ScanFinding = z.infer<typeof scanFindingSchema>;

export const scanResultSchema = z.object({
  outcome: scanOutcomeSchema,
  /** Most severe first, then by file and line; at most MAX_FINDINGS. */
  findings: z.array(scanFindingSchema),
  /** Findings left out past MAX_FINDINGS (counted in `counts`). */
  omitted: z.number().int().nonnegative(),
  counts: z.object({
    block: z.number().int().nonnegative(),
    quarantine: z.number().int().nonnegative(),
    low: z.number().int().nonnegative(),
  }),
  /** Changes when rules change, so a stored result says which rules produced it. */
  rulesVersion: z.string(),
});
export type ScanResult = z.infer<typeof scanResultSchema>;

/** A listing of another publisher, for the look-alike checks. */
export interface ScanListing {
  id: string;
  name: string;
  publisherId: string;
}

/** What the scan needs besides the package. */
export interface ScanOptions {
  /** Listings of OTHER publishers (the pipeline reads them; the CLI has none). */
  others?: readonly ScanListing[];
  /** SHA-256 digests (lowercase hex) an administrator blocked. */
  blocked?: { packages?: readonly string[]; files?: readonly string[] };
  /** Most bytes of one file the text rules read (default SCAN_TEXT_BYTES). */
  maxTextBytes?: number;
}

/** A finding before the rule's severity, kind and fix are attached. */
export interface RawFinding {
  ruleId: string;
  file: string;
  line: number;
  column?: number;
  excerpt: string;
  message: string;
}
