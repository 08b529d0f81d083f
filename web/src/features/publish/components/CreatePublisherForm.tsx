import { useState, type FormEvent } from 'react';
import { useSession } from '../../../app/session';
import { OutcomeNote } from '../../../components/ui/States';
import { useAction } from '../../../hooks/use-action';
import { createPublisherNamed } from '../api/publish';
import { usePublisherIdCheck } from '../hooks/use-publisher-id-check';

/** Creates a publisher, checking the id as it is typed. */
export function CreatePublisherForm() {
  const { refresh } = useSession();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const { run, busy, outcome } = useAction();
  const status = usePublisherIdCheck(id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(() => createPublisherNamed({ publisherId: id, displayName: name }), `Publisher ${id} created.`).then(
      async (ok) => {
        if (ok) await refresh();
      },
    );
  };
  return (
    <form onSubmit={submit} className="panel" aria-label="Create a publisher">
      <h2>Create a publisher</h2>
      <label>
        Publisher id (the first part of your plugin ids)
        <input value={id} onChange={(e) => setId(e.target.value.toLowerCase())} required />
      </label>
      {id && (
        <p data-testid="publisher-id-check" className={status?.ok ? 'alert-ok' : status ? 'alert-error' : 'muted'}>
          {status ? `${id}: ${status.text}` : 'checking…'}
        </p>
      )}
      <label>
        Display name
        <input value={name} onChange={(e) => setName(e.target.value)} required minLength={2} maxLength={80} />
      </label>
      <button type="submit" className="button primary" disabled={busy || !status?.ok}>
        Create publisher
      </button>
      <OutcomeNote outcome={outcome} />
    </form>
  );
}
