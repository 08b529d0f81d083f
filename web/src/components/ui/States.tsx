import type { ReactNode } from 'react';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="state-loading" aria-busy="true" role="status">
      {label}
    </p>
  );
}

export function ErrorState({
  title = 'Something went wrong',
  message,
  action,
}: {
  title?: string;
  message: string;
  action?: ReactNode;
}) {
  return (
    <div className="state-error alert-error" role="alert">
      <strong>{title}</strong>
      <p>{message}</p>
      {action}
    </div>
  );
}

/**
 * Nothing could be loaded because the marketplace cannot be reached (never "no results"): the
 * SDK keeps retrying, and the view fills in by itself when the connection is back.
 */
export function Unreachable({ what }: { what: string }) {
  return (
    <div className="state-error alert-error" role="alert" data-testid="unreachable">
      <strong>Cannot reach the marketplace</strong>
      <p>
        {what} could not be loaded because the marketplace cannot be reached. Check your connection; this view retries
        by itself and fills in as soon as the connection is back.
      </p>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state-empty panel">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

/** An action's result: a success note or an error. */
export interface Outcome {
  ok: boolean;
  text: string;
}

/** Shows an action's outcome: a status line when it succeeded, an alert when it failed. */
export function OutcomeNote({ outcome }: { outcome: Outcome | undefined }) {
  if (!outcome) return null;
  return (
    <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'alert-ok' : 'alert-error'}>
      {outcome.text}
    </p>
  );
}

/** An inline error message (nothing when there is none). */
export function ErrorNote({ message, testId }: { message: string | undefined; testId?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="alert-error" data-testid={testId}>
      {message}
    </p>
  );
}
