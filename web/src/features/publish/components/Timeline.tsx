import { paths, type UploadState } from '@mlebotics/shared';
import { Fragment, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../../app/session';
import { millis, useDocument } from '../../../lib/firestore';
import { ScanFindings } from '../../../components/ui/ScanFindings';
import { IssueList } from './IssueList';

const STEPS: Array<{ state: UploadState; label: string }> = [
  { state: 'awaiting-upload', label: 'Upload announced' },
  { state: 'received', label: 'Received' },
  { state: 'validating', label: 'Validating and scanning' },
  { state: 'signing', label: 'Signing' },
  { state: 'published', label: 'Published' },
];

/** The pipeline's steps for one upload, live from its document. */
export function Timeline({ uploadId, onRetry }: { uploadId: string; onRetry: () => Promise<void> }) {
  const { session } = useSession();
  // The organization by the name the publish page offered it under (its id when unknown here).
  const orgName = (orgId: string) => session?.orgs.find((o) => o.id === orgId)?.name ?? orgId;
  const upload = useDocument('upload', paths.upload(uploadId));
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const doc = upload.data;
  if (!doc) return <p className="muted">Waiting for the upload record…</p>;
  const reached = (state: UploadState) => millis(doc.steps?.[state]);
  // A development build ends ready for its organization instead of published.
  const steps = doc.development
    ? STEPS.map((s) =>
        s.state === 'published'
          ? {
              state: 'development-ready' as const,
              label: `Development build ready for ${orgName(doc.development!.orgId)}`,
            }
          : s,
      )
    : STEPS;
  const started = reached('awaiting-upload') ?? now;
  const lastStep = Math.max(...steps.map((s) => reached(s.state) ?? 0));
  const stuck =
    !['published', 'rejected', 'in-review', 'development-ready'].includes(doc.state) && now - lastStep > 20_000;
  const inReview = reached('in-review') !== undefined;
  return (
    <div data-testid="timeline">
      <ol className="timeline">
        {steps.map((step) => {
          const at = reached(step.state);
          const last = step.state === 'published' || step.state === 'development-ready';
          if (last && doc.state === 'rejected') {
            return (
              <li key="rejected" className="step rejected" data-testid="step-rejected">
                ✗ Rejected{' '}
                <span className="muted">+{(((reached('rejected') ?? now) - started) / 1000).toFixed(1)}s</span>
              </li>
            );
          }
          const review = step.state === 'published' && inReview && (
            <li
              key="in-review"
              className={`step ${doc.state === 'in-review' ? '' : 'done'}`}
              data-testid="step-in-review"
            >
              {doc.state === 'in-review' ? '⏸' : '✓'} Held for review{' '}
              <span className="muted">+{(((reached('in-review') ?? now) - started) / 1000).toFixed(1)}s</span>
            </li>
          );
          if (review && doc.state === 'in-review') return review;
          return (
            <Fragment key={step.state}>
              {review}
              <li key={step.state} className={`step ${at ? 'done' : ''}`} data-testid={`step-${step.state}`}>
                {at ? '✓' : '○'} {step.label}{' '}
                {at !== undefined && <span className="muted">+{((at - started) / 1000).toFixed(1)}s</span>}
              </li>
            </Fragment>
          );
        })}
      </ol>
      {doc.state === 'published' && doc.pluginId && (
        <p className="alert-ok" data-testid="published">
          Published{' '}
          <strong>
            {doc.pluginId}@{doc.version}
          </strong>
          . <Link to={`/plugins/${doc.pluginId}`}>See the plugin page</Link>
        </p>
      )}
      {doc.state === 'development-ready' && doc.development && (
        <p className="alert-ok" data-testid="development-ready">
          Development build #{doc.development.build} of{' '}
          <strong>
            {doc.pluginId}@{doc.version}
          </strong>{' '}
          is ready for <strong>{orgName(doc.development.orgId)}</strong>: not published, not listed. Install or update
          it under <Link to="/org">Development builds</Link> on the organization page.
        </p>
      )}
      {doc.state === 'in-review' && (
        <p className="alert-warn" data-testid="in-review">
          <strong>
            {doc.pluginId}@{doc.version}
          </strong>{' '}
          is signed but not listed yet: the scan found something a marketplace administrator looks at before it is
          listed (below). The decision shows here and in <Link to="/my-plugins">My plugins</Link>.
        </p>
      )}
      {doc.state === 'rejected' && <IssueList issues={doc.errors} />}
      {doc.scan && doc.scan.findings.length > 0 && <ScanFindings scan={doc.scan} />}
      {stuck && (
        <p className="alert-warn">
          No progress for a while.{' '}
          <button type="button" className="link" onClick={() => void onRetry()}>
            Process it again
          </button>
        </p>
      )}
    </div>
  );
}
