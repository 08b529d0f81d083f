import { htmlPattern, ID_PATTERNS } from '@mlebotics/shared';
import { useState, type FormEvent } from 'react';
import { useSession } from '../../../app/session';
import { ErrorNote } from '../../../components/ui/States';
import { createOrganization } from '../api/orgs';
import { errorText } from '../../../lib/functions';

/** The id suggested for an organization's name: lowercase words joined by hyphens. */
function suggestId(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

export function CreateOrgForm() {
  const { refresh, setCurrentOrgId } = useSession();
  const [name, setName] = useState('');
  const [orgId, setOrgId] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const suggested = suggestId(name);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await createOrganization({ name, orgId: orgId || suggested });
      setCurrentOrgId(created.orgId);
      await refresh();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} className="panel" aria-label="Create an organization">
      <h2>Create an organization</h2>
      <label>
        Name
        <input required minLength={2} maxLength={80} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Id (in URLs and the API)
        <input
          value={orgId}
          placeholder={suggested}
          onChange={(e) => setOrgId(e.target.value)}
          pattern={htmlPattern(ID_PATTERNS.org)}
          title="3–40 lowercase letters, digits and single hyphens, such as acme-robotics"
        />
      </label>
      <ErrorNote message={error} />
      <button type="submit" className="button primary" disabled={busy}>
        Create
      </button>
    </form>
  );
}
