import { describePolicy, paths, policyOf, policyViolation, type ListingDoc, type VersionDoc } from '@mlebotics/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../../app/session';
import { useDocument } from '../../../lib/firestore';
import { entitlementActive, PurchaseBox, type EntitlementAccess } from '../../revenue';
import { installPlugin } from '../api/installs';
import { ConsentDialog } from './ConsentDialog';

/**
 * The plugin page's install box for the current organization: a note when it is installed, the
 * purchase box for a paid plugin without an active entitlement, else the install button and
 * its consent dialog (with the organization's install policy).
 */
export function InstallPanel({
  pluginId,
  listing,
  version,
}: {
  pluginId: string;
  listing: ListingDoc;
  version: VersionDoc | undefined;
}) {
  const { session, currentOrgId } = useSession();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string>();
  const org = session?.orgs.find((o) => o.id === currentOrgId);
  const installed = useDocument<{ version: string }>(org ? paths.install(org.id, pluginId) : null);
  const orgDoc = useDocument<Record<string, unknown>>(org ? paths.org(org.id) : null);
  const paid = !!listing.pricing && listing.pricing.model !== 'free';
  const entitlement = useDocument<EntitlementAccess>(org && paid ? paths.entitlement(org.id, pluginId) : null);
  if (!session) return null;
  if (!org) {
    return (
      <p className="muted">
        <Link to="/org">Create or join an organization</Link> to install plugins.
      </p>
    );
  }
  if (installed.data) {
    return (
      <p className="alert-ok" data-testid="installed-note">
        Installed in {org.name} (version {installed.data.version}). <Link to="/org">Manage</Link>
      </p>
    );
  }
  const canInstall = org.role === 'owner' || org.role === 'admin';
  if (!version || version.status !== 'published') return <p className="muted">No installable version.</p>;
  if (paid && !entitlementActive(entitlement.data)) {
    if (entitlement.loading) return null;
    return (
      <PurchaseBox
        orgId={org.id}
        orgName={org.name}
        pluginId={pluginId}
        listing={listing}
        entitlement={entitlement.data}
        canBuy={canInstall}
      />
    );
  }
  const policy = orgDoc.data ? policyOf(orgDoc.data) : undefined;
  return (
    <>
      {paid && entitlement.data?.access && (
        <p className="muted" data-testid="entitlement-note">
          {entitlement.data.testMode ? 'Test mode purchase. ' : ''}
          {entitlement.data.access.reason}
        </p>
      )}
      <button type="button" className="button primary" disabled={!canInstall} onClick={() => setOpen(true)}>
        Install in {org.name}
      </button>
      {!canInstall && <p className="muted">Only owners and admins of {org.name} can install.</p>}
      {done && <p className="alert-ok">{done}</p>}
      <ConsentDialog
        open={open}
        action="Install"
        pluginName={listing.name}
        version={version.version}
        orgName={org.name}
        permissions={version.permissions}
        policy={
          policy && {
            summary: describePolicy(policy),
            violation: policyViolation(policy, org.id, listing as never, version.permissions),
          }
        }
        onClose={() => setOpen(false)}
        onConfirm={async (permissions) => {
          await installPlugin({ orgId: org.id, pluginId, version: version.version, grantedPermissions: permissions });
          setOpen(false);
          setDone(`Installed ${listing.name} ${version.version} in ${org.name}.`);
        }}
      />
    </>
  );
}
