import type { Phase } from '../hooks/use-package-upload';

/** The running upload: its progress, with pause, resume and cancel. */
export function UploadProgress({ phase }: { phase: Extract<Phase, { kind: 'uploading' }> }) {
  return (
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
  );
}
