import type { ScanFinding, ScanResult } from '@mlebotics/shared';

const MARK = { block: '✖', quarantine: '!', low: '·' } as const;

function formatFinding(f: ScanFinding): string {
  const at = f.line > 0 ? `${f.file}:${f.line}${f.column ? `:${f.column}` : ''}` : f.file;
  return `  ${MARK[f.severity]} ${f.severity.padEnd(10)} ${f.ruleId}  at ${at}\n    ${f.message}\n    ${f.excerpt ? `> ${f.excerpt}\n    ` : ''}fix: ${f.fix}`;
}

const OUTCOME = {
  blocked: 'blocked: the marketplace would reject this upload',
  quarantined: 'quarantined: the marketplace would sign it but hold it for review before listing',
  passed: 'passed',
} as const;

/** The scan as the publisher reads it: every finding, most severe first, and the outcome. */
export function formatScan(scan: ScanResult): string {
  const { block, quarantine, low } = scan.counts;
  const head = `Scan: ${OUTCOME[scan.outcome]} (${block} blocking, ${quarantine} for review, ${low} low).`;
  const more = scan.omitted ? `\n  … and ${scan.omitted} more` : '';
  return scan.findings.length ? `${head}\n${scan.findings.map(formatFinding).join('\n')}${more}\n` : `${head}\n`;
}
