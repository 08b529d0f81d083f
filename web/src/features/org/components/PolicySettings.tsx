import { describePolicy, paths, policyOf, type OrgRole } from '@mlebotics/shared';
import { useState, type FormEvent } from 'react';
import { Loading, OutcomeNote } from '../../../components/ui/States';
import { useAction } from '../../../hooks/use-action';
import { useDocument } from '../../../lib/firestore';
import { saveOrgSettings } from '../api/orgs';

const list = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);

function PolicyForm({ orgId, current }: { orgId: string; current: Record<string, unknown> }) {
  const policy = policyOf(current);
  const [internalOnly, setInternalOnly] = useState(policy.internalOnly);
  const [maxRisk, setMaxRisk] = useState(policy.maxRisk);
  const [allowed, setAllowed] = useState(policy.allowedPublishers.join(', '));
  const [blocked, setBlocked] = useState(policy.blockedPublishers.join(', '));
  const { run, busy, outcome } = useAction();

  function save(event: FormEvent) {
    event.preventDefault();
    void run(
      () =>
        saveOrgSettings({
          orgId,
          settings: { internalOnly, maxRisk, allowedPublishers: list(allowed), blockedPublishers: list(blocked) },
        }),
      'Policy saved; it applies to new installs and updates.',
    );
  }

  return (
    <form onSubmit={save} aria-label="Install policy">
      <label style={{ flexDirection: 'row', alignItems: 'center', gap: '0.5rem' }}>
        <input type="checkbox" checked={internalOnly} onChange={(e) => setInternalOnly(e.target.checked)} />
        Internal plugins only (plugins private to this organization)
      </label>
      <label>
        Highest permission risk allowed
        <select value={maxRisk} onChange={(e) => setMaxRisk(e.target.value as typeof maxRisk)}>
          <option value="low">low</option>
          <option value="medium">medium</option>
          <option value="high">high</option>
        </select>
      </label>
      <label>
        Allowed publishers (empty: any)
        <input value={allowed} onChange={(e) => setAllowed(e.target.value)} placeholder="acme, botworks" />
      </label>
      <label>
        Blocked publishers
        <input value={blocked} onChange={(e) => setBlocked(e.target.value)} placeholder="shady-tools" />
      </label>
      <div>
        <button type="submit" className="button primary" disabled={busy}>
          Save policy
        </button>
      </div>
      <OutcomeNote outcome={outcome} />
    </form>
  );
}

/** The organization's install policy: owners and admins edit it, every member reads it. */
export function PolicySettings({ orgId, role }: { orgId: string; role: OrgRole }) {
  const org = useDocument('org', paths.org(orgId));
  if (!org.data) return <Loading label="Loading the policy…" />;
  const manager = role === 'owner' || role === 'admin';
  return (
    <section className="panel">
      <h2>Install policy</h2>
      <p data-testid="policy-summary">{describePolicy(policyOf(org.data))}</p>
      {manager && <PolicyForm key={JSON.stringify(org.data.settings ?? {})} orgId={orgId} current={org.data} />}
    </section>
  );
}
