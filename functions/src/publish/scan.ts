// The upload scan's inputs (other publishers' listings, the blocklist) and what its outcome
// does to an upload: block findings reject it like validation errors.
import type { ScanListing, ScanOptions, ScanResult, ValidationIssue } from '@mlebotics/shared';
import { cols } from '../lib/documents.js';

/**
 * Listings are read for the look-alike rules at most this often per instance: a name published
 * in the last half minute is checked by the id claims (skeletons) but not yet by name distance.
 */
const LISTINGS_TTL_MS = 30_000;
let listings: { at: number; all: ScanListing[] } | undefined;

async function allListings(): Promise<ScanListing[]> {
  if (listings && Date.now() - listings.at < LISTINGS_TTL_MS) return listings.all;
  const snap = await cols.plugins().select('name', 'publisherId').get();
  const all = snap.docs.map((d) => ({
    id: d.id,
    name: String(d.get('name')),
    publisherId: String(d.get('publisherId')),
  }));
  listings = { at: Date.now(), all };
  return all;
}

/** What the scan of an upload by `publisherId` checks against. The blocklist is read fresh: a block applies at once. */
export async function scanOptionsFor(publisherId: string): Promise<ScanOptions> {
  const [all, blocked] = await Promise.all([allListings(), cols.blocklist().get()]);
  const packages: string[] = [];
  const files: string[] = [];
  for (const entry of blocked.docs) (entry.data().scope === 'package' ? packages : files).push(entry.id);
  return { others: all.filter((l) => l.publisherId !== publisherId), blocked: { packages, files } };
}

/** The rejection issues of a blocked scan: one per block finding, with where, why and the fix. */
export function blockedIssues(scan: ScanResult): ValidationIssue[] {
  return scan.findings
    .filter((f) => f.severity === 'block')
    .map((f) => ({
      code: 'scan-blocked' as const,
      message: `${f.file}${f.line ? `:${f.line}${f.column ? `:${f.column}` : ''}` : ''}: ${f.message} [${f.ruleId}] ${f.fix}`,
      path: f.file,
    }));
}
