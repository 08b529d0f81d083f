import { paths, type UploadState } from '@mlebotics/shared';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { millis, useDocument } from '../../../lib/firestore';
import { IssueList } from './IssueList';

const STEPS: Array<{ state: UploadState; label: string }> = [
  { state: 'awaiting-upload', label: 'Upload announced' },
  { state: 'received', label: 'Received' },
  { state: 'validating', label: 'Validating' },
  { state: 'signing', label: 'Signing' },
  { state: 'published', label: 'Published' },
];

/** The pipeline's steps for one upload, live from its document. */
export function Timeline({ uploadId, onRetry }: { uploadId: string; onRetry: () => Promise<void> }) {
  const upload = useDocument('upload', paths.upload(uploadId));
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const doc = upload.data;
  if (!doc) return <p className="muted">Waiting for the upload record…</p>;
  const reached = (state: UploadState) => millis(doc.steps?.[state]);
  const started = reached('awaiting-upload') ?? now;
  const lastStep = Math.max(...STEPS.map((s) => reached(s.state) ?? 0));
  const stuck = !['published', 'rejected'].includes(doc.state) && now - lastStep > 20_000;
  return (
    <div data-testid="timeline">
      <ol className="timeline">
        {STEPS.map((step) => {
          const at = reached(step.state);
          if (step.state === 'published' && doc.state === 'rejected') {
            return (
              <li key="rejected" className="step rejected" data-testid="step-rejected">
                ✗ Rejected{' '}
                <span className="muted">+{(((reached('rejected') ?? now) - started) / 1000).toFixed(1)}s</span>
              </li>
            );
          }
          return (
            <li key={step.state} className={`step ${at ? 'done' : ''}`} data-testid={`step-${step.state}`}>
              {at ? '✓' : '○'} {step.label}{' '}
              {at !== undefined && <span className="muted">+{((at - started) / 1000).toFixed(1)}s</span>}
            </li>
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
      {doc.state === 'rejected' && <IssueList issues={doc.errors} />}
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
