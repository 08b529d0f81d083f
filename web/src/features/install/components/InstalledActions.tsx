import {
  diffPermissions,
  paths,
  permissionsGrow,
  type InstallDoc,
  type ListingDoc,
  type VersionDoc,
} from '@mlebotics/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { YankedBadge } from '../../../components/ui/Badges';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { ErrorNote } from '../../../components/ui/States';
import { useDocument } from '../../../lib/firestore';
import { uninstallPlugin, updateInstalled } from '../api/installs';
import { ConsentDialog } from './ConsentDialog';
import { errorText } from '../../../lib/functions';

/**
 * The plugin page's box when the plugin is installed in the current organization: its version,
 * and for owners and admins the same Update (with fresh consent when the new version asks for
 * more) and Uninstall as the organization page.
 */
export function InstalledActions({
  org,
  pluginId,
  listing,
  installed,
  latest,
}: {
  org: { id: string; name: string; role: string };
  pluginId: string;
  listing: ListingDoc;
  installed: InstallDoc;
  latest: VersionDoc | undefined;
}) {
  const [asking, setAsking] = useState<'consent' | 'uninstall'>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const canManage = org.role === 'owner' || org.role === 'admin';
  // The installed version's own document says whether its publisher yanked it since.
  const installedVersion = useDocument('version', paths.version(pluginId, installed.version));
  const yanked = installedVersion.data?.status === 'yanked';
  const update = latest && latest.status === 'published' && latest.version !== installed.version ? latest : undefined;
  const diff = update ? diffPermissions(installed.grantedPermissions, update.permissions) : undefined;
  const needsConsent = !!diff && permissionsGrow(diff);

  const updateWithoutConsent = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await updateInstalled({ orgId: org.id, pluginId, toVersion: update!.version });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="installed-note">
      <p className="alert-ok">
        Installed in {org.name} (version {installed.version}
        {yanked && (
          <>
            {' '}
            <YankedBadge version={installed.version} />
          </>
        )}
        ). <Link to="/org">Manage</Link>
      </p>
      {yanked && (
        <p className="alert-warn" data-testid="yanked-note">
          The publisher yanked version {installed.version}
          {installedVersion.data?.yank?.reason ? `: ${installedVersion.data.yank.reason}` : ''}. It keeps running here,{' '}
          {update
            ? canManage
              ? `but you should update to ${update.version}.`
              : `but an owner or admin should update it to ${update.version}.`
            : 'and no newer version is published yet.'}
        </p>
      )}
      {canManage && (
        <p className="actions">
          {update && (
            <button
              type="button"
              className="button primary"
              disabled={busy}
              onClick={() => (needsConsent ? setAsking('consent') : void updateWithoutConsent())}
            >
              Update to {update.version}
            </button>
          )}{' '}
          <button type="button" className="button danger" disabled={busy} onClick={() => setAsking('uninstall')}>
            Uninstall
          </button>
        </p>
      )}
      {canManage && update && needsConsent && (
        <p className="muted">{update.version} asks for more permissions: updating needs your consent again.</p>
      )}
      <ErrorNote message={error} />
      {update && (
        <ConsentDialog
          open={asking === 'consent'}
          action="Update"
          pluginName={listing.name}
          version={update.version}
          orgName={org.name}
          permissions={update.permissions}
          added={diff?.added.map((p) => p.name)}
          notice="This version asks for more than you granted before. Review every permission."
          onClose={() => setAsking(undefined)}
          onConfirm={async (permissions) => {
            await updateInstalled({
              orgId: org.id,
              pluginId,
              toVersion: update.version,
              grantedPermissions: permissions,
            });
            setAsking(undefined);
          }}
        />
      )}
      <ConfirmDialog
        open={asking === 'uninstall'}
        title={`Uninstall ${listing.name}?`}
        message={
          <p>
            {listing.name} is removed from {org.name}: its runs stop and the permissions you granted are withdrawn.
          </p>
        }
        confirmLabel="Uninstall"
        danger
        onCancel={() => setAsking(undefined)}
        onConfirm={async () => {
          await uninstallPlugin(org.id, pluginId);
          setAsking(undefined);
        }}
      />
    </div>
  );
}
