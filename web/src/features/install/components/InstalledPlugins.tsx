import type { OrgRole } from '@mlebotics/shared';
import { Link } from 'react-router';
import { sentence } from '../../../lib/text';
import { EmptyState, ErrorState, Loading } from '../../../components/ui/States';
import { TableScroll } from '../../../components/ui/TableScroll';
import { useInstalledPlugins } from '../hooks/use-installed-plugins';
import { InstalledRow } from './InstalledRow';

/** The organization's installed plugins, with updates and uninstall for its owners and admins. */
export function InstalledPlugins({ orgId, orgName, role }: { orgId: string; orgName: string; role: OrgRole }) {
  const { items, error, reload } = useInstalledPlugins(orgId);
  if (error) return <ErrorState message={error} />;
  if (!items) return <Loading label="Loading installed plugins…" />;
  if (items.length === 0) {
    return (
      <EmptyState title="No plugins installed yet">
        <p>
          <Link to="/">Discover plugins</Link> to install.
        </p>
      </EmptyState>
    );
  }
  const revoked = items.filter((item) => item.revoked);
  return (
    <>
      {revoked.length > 0 && (
        <div className="alert-error" role="alert" data-testid="revoked-banner">
          <strong>
            {revoked.length === 1
              ? 'A plugin of this organization was'
              : `${revoked.length} plugins of this organization were`}{' '}
            revoked by the marketplace and no longer run:
          </strong>
          <ul>
            {revoked.map((item) => (
              <li key={item.pluginId}>
                <Link to={`/plugins/${item.pluginId}`}>{item.name}</Link>{' '}
                {item.revoked!.scope === 'version' ? `version ${item.version}` : '(every version)'} —{' '}
                {sentence(item.revoked!.reason)}
                {item.revoked!.scope === 'version' && item.updateAvailable
                  ? ` Update to ${item.latestVersion} to run it again.`
                  : ' Uninstall it, or wait for the marketplace to lift the revocation.'}
              </li>
            ))}
          </ul>
        </div>
      )}
      <TableScroll label="Installed plugins">
        <table aria-label="Installed plugins">
          <thead>
            <tr>
              <th>Plugin</th>
              <th>Version</th>
              <th>Updates</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <InstalledRow
                key={item.pluginId}
                orgId={orgId}
                orgName={orgName}
                item={item}
                canManage={role === 'owner' || role === 'admin'}
                onChanged={reload}
              />
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
