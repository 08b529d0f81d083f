import type { ScanReportDoc } from '@mlebotics/shared';

type Scan = ScanReportDoc['scan'];

const SEVERITY: Record<Scan['findings'][number]['severity'], { label: string; className: string }> = {
  block: { label: 'Blocks', className: 'risk-high' },
  quarantine: { label: 'Review', className: 'risk-medium' },
  low: { label: 'Note', className: 'risk-low' },
};

/** What the upload scan found, each with where (file:line), the rule, the line (redacted) and the fix. */
export function ScanFindings({ scan, title = 'Scan findings' }: { scan: Scan; title?: string }) {
  if (scan.findings.length === 0) return <p className="muted">The scan found nothing (rules {scan.rulesVersion}).</p>;
  return (
    <div className="scan-findings" data-testid="scan-findings">
      <p>
        <strong>{title}</strong>{' '}
        <span className="muted">
          {scan.counts.block} blocking · {scan.counts.quarantine} for review · {scan.counts.low} notes (rules{' '}
          {scan.rulesVersion})
        </span>
      </p>
      <ul className="issues">
        {scan.findings.map((f, i) => (
          <li
            key={i}
            className={f.severity === 'block' ? 'alert-error' : f.severity === 'quarantine' ? 'alert-warn' : ''}
          >
            <span className={`badge ${SEVERITY[f.severity].className}`}>{SEVERITY[f.severity].label}</span>{' '}
            <code>
              {f.file}
              {f.line ? `:${f.line}${f.column ? `:${f.column}` : ''}` : ''}
            </code>{' '}
            <span className="muted">{f.ruleId}</span>
            <div>{f.message}</div>
            {f.excerpt && (
              <pre className="excerpt">
                <code>{f.excerpt}</code>
              </pre>
            )}
            <div className="muted">What to do: {f.fix}</div>
          </li>
        ))}
      </ul>
      {scan.omitted > 0 && <p className="muted">… and {scan.omitted} more findings of the same rules.</p>}
    </div>
  );
}
