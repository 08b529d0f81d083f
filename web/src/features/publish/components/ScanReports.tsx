import { ScanFindings } from '../../../components/ui/ScanFindings';
import { ErrorState, Unreachable } from '../../../components/ui/States';
import { millis, useLiveQuery } from '../../../lib/firestore';
import { queries } from '../../../lib/queries';

const REVIEW_LABEL = {
  pending: { text: 'Under review', className: 'risk-medium' },
  approved: { text: 'Approved in review', className: 'risk-low' },
  rejected: { text: 'Rejected in review', className: 'risk-high' },
  none: { text: 'Passed the scan', className: 'risk-low' },
} as const;

/**
 * The upload scans of a publisher's signed versions: versions held for review (and the
 * decisions, with the administrator's reason), and every finding, low ones included — only the
 * publisher's members and administrators see these.
 */
export function ScanReports({ publisherId }: { publisherId: string }) {
  const reports = useLiveQuery(queries.publisherScanReports(publisherId), publisherId);
  if (reports.status === 'error') return <ErrorState message={reports.error} />;
  if (reports.status === 'unreachable') return <Unreachable what="Scan results" />;
  if (reports.status !== 'ready') return null;
  const shown = reports.data.filter((r) => r.review !== 'none' || r.scan.findings.length > 0);
  if (shown.length === 0) return null;
  return (
    <section aria-label="Scans and reviews" data-testid="scan-reports">
      <h3>Scans and reviews</h3>
      <ul style={{ listStyle: 'none', padding: 0 }}>
        {shown.map((r) => {
          const label = REVIEW_LABEL[r.review];
          const queued = millis(r.queuedAt);
          return (
            <li key={r.id} className="panel" data-testid={`scan-report-${r.pluginId}@${r.version}`}>
              <strong>
                {r.name} {r.version}
              </strong>{' '}
              <code>{r.pluginId}</code> <span className={`badge ${label.className}`}>{label.text}</span>
              {queued !== undefined && <span className="muted"> · uploaded {new Date(queued).toLocaleString()}</span>}
              {r.review === 'pending' && (
                <p className="muted">
                  Signed but not listed: a marketplace administrator reviews the findings below, usually within a
                  working day. Nothing to do unless a finding is a real problem — then publish a fixed version.
                </p>
              )}
              {r.decisionReason && r.review !== 'pending' && (
                <p className={r.review === 'rejected' ? 'alert-error' : 'muted'}>
                  {r.review === 'rejected' ? 'Why it was rejected' : 'Reviewer’s note'}: {r.decisionReason}
                </p>
              )}
              <details open={r.review === 'pending'}>
                <summary>
                  {r.scan.findings.length} finding{r.scan.findings.length === 1 ? '' : 's'}
                </summary>
                <ScanFindings scan={r.scan} />
              </details>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
