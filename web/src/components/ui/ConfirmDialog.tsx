import { useState, type ReactNode } from 'react';
import { Dialog } from './Dialog';
import { errorText } from '../../lib/functions';

/**
 * Asks before an action that changes or removes something (never the browser's confirm box):
 * what will happen, then Cancel or the action. `children` may hold fields the action needs
 * (a reason); `canConfirm` keeps the action disabled until they are valid. A failed action
 * keeps the dialog open with its error.
 */
export function ConfirmDialog({
  open,
  title,
  message,
  confirmLabel,
  danger = false,
  canConfirm = true,
  onConfirm,
  onCancel,
  children,
}: {
  open: boolean;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  canConfirm?: boolean;
  /** Resolves when done (the dialog then closes); rejects with the error to show. */
  onConfirm: () => Promise<void>;
  onCancel: () => void;
  children?: ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const cancel = () => {
    if (busy) return;
    setError(undefined);
    onCancel();
  };
  return (
    <Dialog open={open} title={title} onClose={cancel}>
      <form
        className="confirm-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setError(undefined);
          onConfirm().then(
            () => setBusy(false),
            (e: unknown) => {
              setBusy(false);
              setError(errorText(e));
            },
          );
        }}
      >
        <div>{message}</div>
        {children}
        {error && (
          <p role="alert" className="alert-error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" className="button ghost" onClick={cancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className={`button ${danger ? 'danger' : 'primary'}`} disabled={busy || !canConfirm}>
            {busy ? `${confirmLabel}…` : confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
