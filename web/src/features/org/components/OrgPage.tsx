import { Link } from 'react-router';
import { useSession } from '../../../app/session';
import { ErrorState, Loading } from '../../../components/ui/States';
import { DevelopmentBuilds, InstallRequests, InstalledPlugins } from '../../install';
import { CreateOrgForm } from './CreateOrgForm';
import { Devices } from './Devices';
import { InternalRegistry } from './InternalRegistry';
import { Members } from './Members';
import { PolicySettings } from './PolicySettings';
import { useTitle } from '../../../hooks/use-title';

/** The current organization: its installed plugins, members, internal registry and install policy. */
export function OrgPage() {
  useTitle('Organization');
  const { session, currentOrgId, error } = useSession();
  if (error) return <ErrorState message={error} />;
  if (!session) return <Loading />;
  const org = session.orgs.find((o) => o.id === currentOrgId);
  if (!org) {
    return (
      <section>
        <h1>Your organization</h1>
        <p>You are not a member of any organization yet. Create one, or ask an owner to add you by your email.</p>
        <CreateOrgForm />
      </section>
    );
  }
  return (
    <section>
      <h1>{org.name}</h1>
      <p className="muted">
        Your role: {org.role} · <Link to="/org/capabilities">Available capabilities</Link>
      </p>
      {(org.role === 'owner' || org.role === 'admin') && <InstallRequests orgId={org.id} orgName={org.name} />}
      <section className="panel">
        <h2>Installed plugins</h2>
        <InstalledPlugins orgId={org.id} orgName={org.name} role={org.role} />
      </section>
      <DevelopmentBuilds orgId={org.id} orgName={org.name} role={org.role} />
      <Devices orgId={org.id} />
      <Members orgId={org.id} role={org.role} />
      <InternalRegistry orgId={org.id} orgName={org.name} />
      <PolicySettings orgId={org.id} role={org.role} />
      <details className="panel">
        <summary>Create another organization</summary>
        <CreateOrgForm />
      </details>
    </section>
  );
}
