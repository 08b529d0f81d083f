import {
  ERROR_CODES,
  paths,
  type PackageValidation,
  type UploadDocument,
  type UploadState,
  type ValidationIssue,
  type createUpload,
  type retryUpload,
} from '@mlebotics/shared';
import type { UploadTask } from 'firebase/storage';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { EmptyState, Loading } from '../../components/ui/States';
import { millis, useDocument } from '../../lib/firestore';
import { call } from '../../lib/functions';

type Phase =
  | { kind: 'idle' }
  | { kind: 'checking'; file: File }
  | { kind: 'invalid'; file: File; errors: ValidationIssue[] }
  | { kind: 'uploading'; file: File; uploadId: string; task: UploadTask; progress: number; paused: boolean }
  | { kind: 'processing'; file: File; uploadId: string }
  | { kind: 'failed'; file: File; message: string };

const STEPS: Array<{ state: UploadState; label: string }> = [
  { state: 'awaiting-upload', label: 'Upload announced' },
  { state: 'received', label: 'Received' },
  { state: 'validating', label: 'Validating' },
  { state: 'signing', label: 'Signing' },
  { state: 'published', label: 'Published' },
];

export function IssueList({ issues }: { issues: ValidationIssue[] }) {
  return (
    <ul className="issues" data-testid="issues">
      {issues.map((issue, i) => (
        <li key={i} className="alert-error">
          <strong>{issue.code}</strong>
          {issue.path && (
            <>
              {' '}
              at <code>{issue.path}</code>
            </>
          )}
          <div>{issue.message}</div>
          <div className="muted">What to do: {ERROR_CODES[issue.code]?.fix}</div>
        </li>
      ))}
    </ul>
  );
}

/** The pipeline's steps for one upload, live from its document. */
function Timeline({ uploadId, onRetry }: { uploadId: string; onRetry: () => Promise<void> }) {
  const upload = useDocument<UploadDocument>(paths.upload(uploadId));
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
                ✗ Rejected <span className="muted">+{((reached('rejected') ?? now) - started) / 1000}s</span>
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

export function PublishPage() {
  const { session } = useSession();
  const [publisherId, setPublisherId] = useState<string>();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const publishers = session?.publishers ?? [];
  const publisher = publisherId ?? publishers[0]?.id;

  async function choose(file: File) {
    if (!publisher) return;
    setPhase({ kind: 'checking', file });
    // The same validation the server runs, in the browser, before anything is uploaded.
    const { validatePackageBlob } = await import('@mlebotics/shared/browser');
    let result: PackageValidation;
    try {
      performance.mark('mle:prevalidate:start');
      result = await validatePackageBlob(file);
      performance.measure('mle:prevalidate', 'mle:prevalidate:start');
    } catch (error) {
      setPhase({ kind: 'failed', file, message: `Could not read the file: ${(error as Error).message}` });
      return;
    }
    if (!result.ok) {
      setPhase({ kind: 'invalid', file, errors: result.errors });
      return;
    }
    try {
      const intent = await call<typeof createUpload>('createUpload', {
        publisherId: publisher,
        size: file.size,
        sha256: result.sha256!,
        fileName: file.name,
      });
      const [{ ref, uploadBytesResumable }, { storageClient }] = await Promise.all([
        import('firebase/storage'),
        import('../../lib/storage'),
      ]);
      performance.mark('mle:upload:start');
      const task = uploadBytesResumable(ref(storageClient(), intent.objectPath), file, {
        contentType: 'application/gzip',
      });
      setPhase({ kind: 'uploading', file, uploadId: intent.uploadId, task, progress: 0, paused: false });
      task.on(
        'state_changed',
        (snapshot) =>
          setPhase((p) =>
            p.kind === 'uploading'
              ? { ...p, progress: snapshot.bytesTransferred / snapshot.totalBytes, paused: snapshot.state === 'paused' }
              : p,
          ),
        (error) =>
          setPhase(
            error.code === 'storage/canceled'
              ? { kind: 'idle' }
              : { kind: 'failed', file, message: `The upload failed: ${error.message}` },
          ),
        () => {
          performance.measure('mle:upload', 'mle:upload:start');
          setPhase({ kind: 'processing', file, uploadId: intent.uploadId });
        },
      );
    } catch (error) {
      setPhase({ kind: 'failed', file, message: (error as Error).message });
    }
  }

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void choose(file);
  };

  if (!session) return <Loading label="Loading your publishers…" />;
  if (publishers.length === 0) {
    return (
      <EmptyState title="You have no publisher yet">
        <p>
          Plugins are published under a publisher (your namespace). <Link to="/my-plugins">Create one</Link> first.
        </p>
      </EmptyState>
    );
  }
  const busy = phase.kind === 'checking' || phase.kind === 'uploading';
  return (
    <section>
      <h1>Publish a plugin</h1>
      <p className="muted">
        Pack your plugin with <code>mlebotics-plugin pack</code>, then drop the <code>.tgz</code> here. It is checked in
        your browser first, then validated, signed and listed by the marketplace. See the{' '}
        <a href="https://github.com/mlebotics/marketplace/blob/main/docs/publishing.md">publishing guide</a>.
      </p>
      <label>
        Publisher
        <select value={publisher} onChange={(e) => setPublisherId(e.target.value)} disabled={busy}>
          {publishers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.displayName} ({p.id})
            </option>
          ))}
        </select>
      </label>
      <div
        className={`dropzone ${dragging ? 'dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        onClick={() => !busy && input.current?.click()}
        role="button"
        tabIndex={0}
        aria-label="Choose a package to publish"
      >
        <p>
          <strong>Drop a .tgz here</strong> or click to choose one.
        </p>
        <input
          ref={input}
          type="file"
          accept=".tgz,application/gzip"
          data-testid="package-input"
          hidden
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void choose(file);
          }}
        />
      </div>
      {phase.kind === 'checking' && <p aria-busy="true">Checking {phase.file.name} in your browser…</p>}
      {phase.kind === 'invalid' && (
        <div data-testid="prevalidation-errors">
          <p role="alert">
            <strong>{phase.file.name}</strong> is not a valid plugin package; nothing was uploaded. Fix these and pack
            again:
          </p>
          <IssueList issues={phase.errors} />
        </div>
      )}
      {phase.kind === 'failed' && (
        <p role="alert" className="alert-error">
          {phase.message}
        </p>
      )}
      {phase.kind === 'uploading' && (
        <div className="panel">
          <p>
            Uploading {phase.file.name}… {Math.round(phase.progress * 100)}%{phase.paused ? ' (paused)' : ''}
          </p>
          <progress max={1} value={phase.progress} aria-label="Upload progress" />
          <div className="dialog-actions">
            {phase.paused ? (
              <button type="button" className="button" onClick={() => phase.task.resume()}>
                Resume
              </button>
            ) : (
              <button type="button" className="button" onClick={() => phase.task.pause()}>
                Pause
              </button>
            )}
            <button type="button" className="button danger" onClick={() => phase.task.cancel()}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {(phase.kind === 'uploading' || phase.kind === 'processing') && (
        <section className="panel">
          <h2>Pipeline</h2>
          <Timeline
            uploadId={phase.uploadId}
            onRetry={async () => {
              await call<typeof retryUpload>('retryUpload', { uploadId: phase.uploadId }).catch(() => undefined);
            }}
          />
        </section>
      )}
    </section>
  );
}
