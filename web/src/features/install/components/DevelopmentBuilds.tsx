import type { OrgRole } from '@mlebotics/shared';
import { useState } from 'react';
import { DevelopmentBadge } from '../../../components/ui/Badges';
import { ErrorNote } from '../../../components/ui/States';
import { TableScroll } from '../../../components/ui/TableScroll';
import { formatDate, type DocOf } from '../../../lib/firestore';
import { installPlugin, useDevBuilds, useOrgInstalls } from '../api/installs';
import { ConsentDialog } from './ConsentDialog';

type Build = DocOf<'devBuild'> & { id: string };

/**
 * The organization's development builds: packages its owners uploaded for this organization only
 * (never published or listed). Owners and admins install one, or move the install to the latest
 * build, through the same consent as a published version; uninstalling is in the installed table.
 * Shown only when the organization has one.
 */
export function DevelopmentBuilds({ orgId, orgName, role }: { orgId: string; orgName: string; role: OrgRole }) {
  const builds = useDevBuilds(orgId);
  const installs = useOrgInstalls(orgId);
  const [consent, setConsent] = useState<Build>();
  const [error, setError] = useState<string>();
  if (builds.status !== 'ready' || builds.data.length === 0) return null;
  const installed = new Map(installs.status === 'ready' ? installs.data.map((i) => [i.id, i]) : []);
  const canManage = role === 'owner' || role === 'admin';
  return (
    <section className="panel" data-testid="development-builds">
      <h2>Development builds</h2>
      <p className="muted">
        Uploaded by an owner of {orgName} for this organization only: not published, not listed and not reviewed by the
        marketplace. Runs always use the latest build; a build that asks for more permissions waits for new consent.
      </p>
      <TableScroll label="Development builds">
        <table>
          <thead>
            <tr>
              <th scope="col">Plugin</th>
              <th scope="col">Build</th>
              <th scope="col">Uploaded</th>
              <th scope="col">Here</th>
            </tr>
          </thead>
          <tbody>
            {builds.data.map((build) => {
              const install = installed.get(build.id);
              const current = install?.development?.build;
              const action = !install ? 'Install' : current !== undefined && current < build.build ? 'Update' : null;
              return (
                <tr key={build.id} data-testid={`dev-build-${build.id}`}>
                  <td>
                    {build.name}
                    <div className="muted">
                      <code>{build.id}</code>
                    </div>
                  </td>
                  <td>
                    {build.version} <DevelopmentBadge build={build.build} />
                  </td>
                  <td>{formatDate(build.uploadedAt)}</td>
                  <td>
                    {install && !install.development
                      ? `published version ${install.version} installed`
                      : current !== undefined
                        ? `build #${current} installed`
                        : 'not installed'}{' '}
                    {canManage && action && (
                      <button type="button" className="button small primary" onClick={() => setConsent(build)}>
                        {action}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      <ErrorNote message={error} />
      <ConsentDialog
        open={!!consent}
        action={installed.has(consent?.id ?? '') ? 'Update' : 'Install'}
        pluginName={`${consent?.name ?? ''} (development build #${consent?.build ?? ''})`}
        version={consent?.version ?? ''}
        orgName={orgName}
        permissions={consent?.permissions ?? []}
        notice="A development build is not published or reviewed by the marketplace: install only what your own team built."
        onClose={() => setConsent(undefined)}
        onConfirm={async (permissions) => {
          setError(undefined);
          await installPlugin({
            orgId,
            pluginId: consent!.id,
            grantedPermissions: permissions,
            development: { build: consent!.build },
          });
          setConsent(undefined);
        }}
      />
    </section>
  );
}
