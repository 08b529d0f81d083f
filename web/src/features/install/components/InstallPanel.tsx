import { describePolicy, paths, policyOf, policyViolation, type ListingDoc, type VersionDoc } from '@mlebotics/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../../app/AuthProvider';
import { useSession } from '../../../app/session';
import { Loading } from '../../../components/ui/States';
import { useDocument } from '../../../lib/firestore';
import { entitlementActive, PurchaseBox } from '../../revenue';
import { installPlugin } from '../api/installs';
import { ConsentDialog } from './ConsentDialog';
import { InstalledActions } from './InstalledActions';
import { RequestInstall } from './RequestInstall';

/**
 * The plugin page's install box for the current organization: a note when it is installed, the
 * purchase box for a paid plugin without an active entitlement, else the install button and
 * its consent dialog (with the organization's install policy).
 */
export function InstallPanel({
  pluginId,
  listing,
  version: latest,
  chosen,
  onUseLatest,
}: {
  pluginId: string;
  listing: ListingDoc;
  /** The latest version. */
  version: VersionDoc | undefined;
  /** A specific version the person picked in the versions table, instead of the latest. */
  chosen?: VersionDoc;
  onUseLatest?: () => void;
}) {
  const version = chosen ?? latest;
  const { user } = useAuth();
  const { session, currentOrgId } = useSession();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string>();
  const org = session?.orgs.find((o) => o.id === currentOrgId);
  const installed = useDocument('install', org ? paths.install(org.id, pluginId) : null);
  const orgDoc = useDocument('org', org ? paths.org(org.id) : null);
  const paid = !!listing.pricing && listing.pricing.model !== 'free';
  const entitlement = useDocument('entitlement', org && paid ? paths.entitlement(org.id, pluginId) : null);
  if (user === null) {
    return (
      <p className="muted" data-testid="sign-in-to-install">
        <Link to={`/signin?next=${encodeURIComponent(`/plugins/${pluginId}`)}`} className="button primary">
          Sign in to install
        </Link>{' '}
        Installing, buying and reviewing need an account in an organization.
      </p>
    );
  }
  if (!session) return null;
  if (!org) {
    return (
      <p className="muted">
        <Link to="/org">Create or join an organization</Link> to install plugins.
      </p>
    );
  }
  // Nothing to act on until it is known whether the plugin is already installed here (no
  // "Install" button that turns into "Uninstall" a moment later).
  if (installed.loading) return <Loading label={`Checking ${org.name}’s installs…`} />;
  if (installed.data) {
    return (
      <InstalledActions org={org} pluginId={pluginId} listing={listing} installed={installed.data} latest={latest} />
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
      {chosen && (
        <p className="muted" data-testid="chosen-version">
          Installing version {chosen.version}
          {latest && latest.version !== chosen.version ? ` instead of the latest (${latest.version})` : ''}.{' '}
          {onUseLatest && (
            <button type="button" className="button small ghost" onClick={onUseLatest}>
              Use the latest
            </button>
          )}
        </p>
      )}
      {canInstall ? (
        <button type="button" className="button primary" onClick={() => setOpen(true)}>
          Install {chosen ? `${chosen.version} ` : ''}in {org.name}
        </button>
      ) : (
        <RequestInstall orgId={org.id} orgName={org.name} pluginId={pluginId} />
      )}
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
          // The choice is spent: after an uninstall, Install offers the latest again.
          onUseLatest?.();
        }}
      />
    </>
  );
}
