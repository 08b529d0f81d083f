import type { InstalledPlugin, Permission } from '@mlebotics/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { DevelopmentBadge, YankedBadge } from '../../../components/ui/Badges';
import { DiffSummary } from '../../../components/ui/DiffSummary';
import { ErrorNote } from '../../../components/ui/States';
import { fetchManifest, uninstallPlugin, updateInstalled } from '../api/installs';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { ConsentDialog } from './ConsentDialog';
import { errorText } from '../../../lib/functions';

/** Permissions an update adds or widens: marked "new" in its consent dialog. */
function addedByUpdate(item: InstalledPlugin): string[] {
  return [
    ...(item.updateDiff?.added.map((p) => p.name) ?? []),
    ...(item.updateDiff?.changed.filter((c) => c.added.length).map((c) => c.name) ?? []),
  ];
}

/** One installed plugin: its version, an available update, and (for managers) update and uninstall. */
export function InstalledRow({
  orgId,
  orgName,
  item,
  canManage,
  onChanged,
}: {
  orgId: string;
  orgName: string;
  item: InstalledPlugin;
  canManage: boolean;
  onChanged: () => void;
}) {
  const [consent, setConsent] = useState<{ permissions: Permission[] } | undefined>();
  const [error, setError] = useState<string>();
  const [confirmingUninstall, setConfirmingUninstall] = useState(false);
  const [busy, setBusy] = useState(false);
  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      onChanged();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const startUpdate = async () => {
    if (!item.latestVersion) return;
    if (!item.updateNeedsConsent)
      return act(() => updateInstalled({ orgId, pluginId: item.pluginId, toVersion: item.latestVersion! }));
    // The new version asks for more: show its full permission set for fresh consent.
    const { manifest } = await fetchManifest(item.pluginId, item.latestVersion);
    setConsent({ permissions: manifest.permissions });
  };
  return (
    <tr data-testid={`installed-${item.pluginId}`}>
      <td>
        {/* A development build has no plugin page: it is not listed. */}
        {item.development ? item.name : <Link to={`/plugins/${item.pluginId}`}>{item.name}</Link>}
        <div className="muted">
          <code>{item.pluginId}</code>
        </div>
      </td>
      <td>
        {item.version}
        {item.development && (
          <>
            {' '}
            <DevelopmentBadge build={item.development.build} />
          </>
        )}
        {item.yanked && (
          <>
            {' '}
            <YankedBadge version={item.version} />
          </>
        )}
        {item.revoked && (
          <>
            {' '}
            <span className="badge risk-high" title={item.revoked.reason}>
              revoked
            </span>
          </>
        )}
      </td>
      <td>
        {item.development ? (
          <span className="muted" data-testid="development-status">
            {item.development.needsConsent
              ? `build #${item.development.latestBuild} asks for more permissions: update it under Development builds`
              : 'runs the latest development build'}
          </span>
        ) : item.updateAvailable ? (
          <div data-testid="update-available">
            <strong>{item.latestVersion}</strong> available{item.updateNeedsConsent ? ' — needs new consent' : ''}
            <div>
              <DiffSummary diff={item.updateDiff} />
            </div>
          </div>
        ) : item.yanked ? (
          <span className="muted">no newer version to update to</span>
        ) : (
          <span className="muted">up to date</span>
        )}
      </td>
      <td>
        {canManage && item.updateAvailable && (
          <button type="button" className="button small primary" disabled={busy} onClick={() => void startUpdate()}>
            Update
          </button>
        )}{' '}
        {canManage && (
          <button
            type="button"
            className="button small danger"
            disabled={busy}
            onClick={() => setConfirmingUninstall(true)}
          >
            Uninstall
          </button>
        )}
        <ConfirmDialog
          open={confirmingUninstall}
          title={`Uninstall ${item.name}?`}
          message={
            <p>
              {item.name} is removed from {orgName}: its runs stop and the permissions you granted are withdrawn. You
              can install it again later.
            </p>
          }
          confirmLabel="Uninstall"
          danger
          onCancel={() => setConfirmingUninstall(false)}
          onConfirm={async () => {
            await uninstallPlugin(orgId, item.pluginId);
            setConfirmingUninstall(false);
            onChanged();
          }}
        />
        <ErrorNote message={error} />
        <ConsentDialog
          open={!!consent}
          action="Update"
          pluginName={item.name}
          version={item.latestVersion ?? ''}
          orgName={orgName}
          permissions={consent?.permissions ?? []}
          added={addedByUpdate(item)}
          notice="This version asks for more than you granted before. Review every permission."
          onClose={() => setConsent(undefined)}
          onConfirm={async (permissions) => {
            await updateInstalled({
              orgId,
              pluginId: item.pluginId,
              toVersion: item.latestVersion!,
              grantedPermissions: permissions,
            });
            setConsent(undefined);
            onChanged();
          }}
        />
      </td>
    </tr>
  );
}
