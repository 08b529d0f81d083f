import { CAPABILITY_TYPES, CAPABILITY_TYPE_NAMES } from '@mlebotics/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../../app/session';
import { EmptyState, ErrorState, Loading, Unreachable } from '../../../components/ui/States';
import { useOrgInstalls } from '../../install';
import { PanelFrame } from './PanelFrame';
import { RunHistory } from './RunHistory';
import { StepRunner } from './StepRunner';
import { useTitle } from '../../../hooks/use-title';

/** What the organization's installed plugins contribute to the platform, by kind. */
export function CapabilitiesPage() {
  useTitle('Capabilities');
  const { session, currentOrgId } = useSession();
  const org = session?.orgs.find((o) => o.id === currentOrgId);
  const installs = useOrgInstalls(org?.id ?? null);
  const [open, setOpen] = useState<string>();
  if (!session) return <Loading />;
  if (!org) return <EmptyState title="No organization">{<Link to="/org">Create or join one</Link>}</EmptyState>;
  if (installs.status === 'loading') return <Loading label="Loading capabilities…" />;
  if (installs.status === 'error') return <ErrorState message={installs.error} />;
  if (installs.status === 'unreachable') return <Unreachable what="The installed capabilities" />;
  const all = installs.data.flatMap((install) =>
    (install.capabilities ?? []).map((capability) => ({ ...capability, install })),
  );
  return (
    <section>
      <h1>Available capabilities in {org.name}</h1>
      {all.length === 0 && (
        <EmptyState title="Nothing yet">
          <p>
            Capabilities appear here when <Link to="/">you install plugins</Link>.
          </p>
        </EmptyState>
      )}
      {CAPABILITY_TYPE_NAMES.map((type) => {
        const items = all.filter((c) => c.type === type);
        if (items.length === 0) return null;
        return (
          <section key={type} className="panel" data-testid={`capabilities-${type}`}>
            <h2>{CAPABILITY_TYPES[type].title}s</h2>
            <p className="muted">{CAPABILITY_TYPES[type].description}</p>
            <ul>
              {items.map((c) => {
                const key = `${c.install.id}/${c.id}`;
                const action = c.type === 'automation-step' ? 'Run' : c.type === 'ui-panel' ? 'Open panel' : undefined;
                return (
                  <li key={key} data-testid={`capability-${key}`}>
                    <strong>{c.title}</strong> — from <Link to={`/plugins/${c.install.id}`}>{c.install.name}</Link>{' '}
                    {c.install.version}{' '}
                    {action && (
                      <button
                        type="button"
                        className="button small"
                        aria-expanded={open === key}
                        onClick={() => setOpen(open === key ? undefined : key)}
                      >
                        {open === key ? 'Close' : action}
                      </button>
                    )}
                    {open === key && c.type === 'automation-step' && (
                      <StepRunner
                        orgId={org.id}
                        pluginId={c.install.id}
                        stepId={c.id}
                        title={c.title}
                        version={c.install.version}
                      />
                    )}
                    {open === key && c.type === 'ui-panel' && (
                      <PanelFrame orgId={org.id} pluginId={c.install.id} panelId={c.id} title={c.title} />
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
      {installs.data
        .filter((install) => (install.capabilities ?? []).some((c) => c.type === 'automation-step'))
        .map((install) => (
          <RunHistory key={install.id} orgId={org.id} pluginId={install.id} name={install.name} />
        ))}
    </section>
  );
}
