import { useRef, useState, type DragEvent } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../../app/session';
import { EmptyState, ErrorNote, Loading } from '../../../components/ui/States';
import { retry } from '../api/publish';
import { usePackageUpload } from '../hooks/use-package-upload';
import { IssueList } from './IssueList';
import { Timeline } from './Timeline';
import { UploadProgress } from './UploadProgress';
import { useTitle } from '../../../hooks/use-title';

/** Publishing a version: choose a publisher, drop a package, follow the upload and the pipeline. */
export function PublishPage() {
  useTitle('Publish a plugin');
  const { session } = useSession();
  const [publisherId, setPublisherId] = useState<string>();
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const publishers = session?.publishers ?? [];
  const publisher = publisherId ?? publishers[0]?.id;
  // Development builds go to an organization the user owns (the server checks it again).
  const ownedOrgs = (session?.orgs ?? []).filter((o) => o.role === 'owner');
  const [target, setTarget] = useState('');
  const developmentOrg = ownedOrgs.find((o) => o.id === target);
  const { phase, choose } = usePackageUpload(publisher, developmentOrg?.id);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void choose(file);
  };

  if (!session) return <Loading label="Loading your publishers…" />;
  if (publishers.length === 0) {
    return (
      <section>
        <h1>Publish a plugin</h1>
        <EmptyState title="You have no publisher yet">
          <p>
            Plugins are published under a publisher (your namespace). <Link to="/my-plugins">Create one</Link> first.
          </p>
        </EmptyState>
      </section>
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
      {ownedOrgs.length > 0 && (
        <label>
          Upload as
          <select
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            disabled={busy}
            data-testid="upload-target"
          >
            <option value="">A new version, published in the marketplace</option>
            {ownedOrgs.map((o) => (
              <option key={o.id} value={o.id}>
                Development build for {o.name} (not published)
              </option>
            ))}
          </select>
        </label>
      )}
      {developmentOrg && (
        <p className="alert-warn" data-testid="development-notice">
          This package is signed and offered only to <strong>{developmentOrg.name}</strong>, which installs it from its
          organization page. It is not published or listed, spends no version number, and replaces the previous
          development build of the same plugin there.
        </p>
      )}
      <div
        className={`dropzone ${dragging ? 'dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        onClick={() => !busy && input.current?.click()}
        onKeyDown={(e) => {
          // A button opens with Enter and with Space.
          if (e.key !== 'Enter' && e.key !== ' ') return;
          e.preventDefault();
          if (!busy) input.current?.click();
        }}
        role="button"
        tabIndex={0}
        aria-disabled={busy}
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
      {phase.kind === 'failed' && <ErrorNote message={phase.message} />}
      {phase.kind === 'uploading' && <UploadProgress phase={phase} />}
      {(phase.kind === 'uploading' || phase.kind === 'processing') && (
        <section className="panel">
          <h2>Pipeline</h2>
          <Timeline
            uploadId={phase.uploadId}
            onRetry={async () => {
              await retry(phase.uploadId).catch(() => undefined);
            }}
          />
        </section>
      )}
    </section>
  );
}
