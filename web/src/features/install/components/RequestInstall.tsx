import { MAX_REQUEST_NOTE_CHARS, paths } from '@mlebotics/shared';
import { useState } from 'react';
import { ErrorNote } from '../../../components/ui/States';
import { formatDate, useDocument } from '../../../lib/firestore';
import { askToInstall } from '../api/installs';
import { errorText } from '../../../lib/functions';

/**
 * For members who cannot install (operators): ask the owners and admins, with a note, and
 * follow the answer live (pending, declined with the reason, or approved by installing).
 */
export function RequestInstall({ orgId, orgName, pluginId }: { orgId: string; orgName: string; pluginId: string }) {
  const request = useDocument('installRequest', paths.installRequest(orgId, pluginId));
  const [note, setNote] = useState('');
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const r = request.data;
  if (request.loading) return null;
  if (r?.status === 'pending') {
    return (
      <p className="alert-warn" role="status" data-testid="install-request">
        You asked to install this in {orgName} on {formatDate(r.requestedAt)}; waiting for an owner or admin.
      </p>
    );
  }
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await askToInstall({ orgId, pluginId, note: note.trim() });
      setAsking(false);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="install-request">
      {r?.status === 'declined' && (
        <p className="alert-error" role="status">
          Your request was declined by {r.decidedBy?.name ?? 'an owner'}: “{r.outcome}”
        </p>
      )}
      <p className="muted">Only owners and admins of {orgName} can install. You can ask them:</p>
      {asking ? (
        <form
          aria-label="Ask to install"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label>
            Why does {orgName} need it? (optional)
            <textarea value={note} maxLength={MAX_REQUEST_NOTE_CHARS} onChange={(e) => setNote(e.target.value)} />
          </label>
          <div className="actions">
            <button type="button" className="button ghost" onClick={() => setAsking(false)} disabled={busy}>
              Cancel
            </button>{' '}
            <button type="submit" className="button primary" disabled={busy}>
              Send request
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button" onClick={() => setAsking(true)}>
          {r?.status === 'declined' ? 'Ask again' : 'Ask to install'}
        </button>
      )}
      <ErrorNote message={error} />
    </div>
  );
}
