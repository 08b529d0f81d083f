import { useId, useState, type ReactNode } from 'react';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';

/** The shortest reason the server accepts (`adminReasonSchema`). */
export const MIN_REASON = 5;
const MAX_REASON = 500;

/**
 * Asks before an administrator's action, with the reason the audit log keeps (and the publisher
 * or organizations see, where the message says so). A required reason keeps the action disabled
 * until it is long enough.
 */
export function ReasonDialog({
  open,
  title,
  message,
  confirmLabel,
  danger = false,
  required = true,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  required?: boolean;
  onConfirm: (reason: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const id = useId();
  const trimmed = reason.trim();
  const valid = required ? trimmed.length >= MIN_REASON : trimmed.length === 0 || trimmed.length >= MIN_REASON;
  const close = () => {
    setReason('');
    onCancel();
  };
  return (
    <ConfirmDialog
      open={open}
      title={title}
      message={message}
      confirmLabel={confirmLabel}
      danger={danger}
      canConfirm={valid}
      onCancel={close}
      onConfirm={async () => {
        await onConfirm(trimmed);
        setReason('');
      }}
    >
      <label htmlFor={id} className="reason-field">
        Reason{required ? '' : ' (optional)'}
      </label>
      <textarea
        id={id}
        className="reason-input"
        rows={3}
        maxLength={MAX_REASON}
        value={reason}
        required={required}
        aria-describedby={`${id}-hint`}
        onChange={(e) => setReason(e.target.value)}
      />
      <p id={`${id}-hint`} className="muted small">
        At least {MIN_REASON} characters; kept in the admin audit log.
      </p>
    </ConfirmDialog>
  );
}
