import { formatBytes, type VersionDoc } from '@mlebotics/shared';
import { Fragment } from 'react';
import { DiffSummary } from '../../../components/ui/DiffSummary';
import { ErrorState, Loading, Unreachable } from '../../../components/ui/States';
import { TableScroll } from '../../../components/ui/TableScroll';
import { formatDate, useLiveQuery } from '../../../lib/firestore';
import { queries } from '../../../lib/queries';
import { Downloads } from './Downloads';
import { ReleaseNotes } from './ReleaseNotes';
import { SignatureCell } from './SignatureCell';

/** A plugin's versions, newest first, with size, signature check, permission changes and release notes. */
export function Versions({
  pluginId,
  onInstall,
}: {
  pluginId: string;
  /** Given when the viewer may install: offers each published version. */
  onInstall?: (version: VersionDoc) => void;
}) {
  const versions = useLiveQuery(queries.versions(pluginId), pluginId);
  const keys = useLiveQuery(queries.signingKeys(), 'keys');
  const trusted =
    keys.status === 'ready'
      ? keys.data.map((k) => ({ keyId: k.id, publicKeyPem: k.publicKeyPem, status: k.status }))
      : undefined;
  const keyFor = (keyId: string) =>
    keys.status === 'ready' ? keys.data.find((k) => k.id === keyId && k.status !== 'revoked')?.publicKeyPem : undefined;
  if (versions.status === 'loading') return <Loading label="Loading versions…" />;
  if (versions.status === 'error') return <ErrorState message={versions.error} />;
  if (versions.status === 'unreachable') return <Unreachable what="The versions" />;
  return (
    <TableScroll label="Versions">
      <table aria-label="Versions">
        <thead>
          <tr>
            <th>Version</th>
            <th>Published</th>
            <th>Size</th>
            <th>Signature</th>
            <th>Permission changes</th>
            <th>Download</th>
            {onInstall && <th>Install</th>}
          </tr>
        </thead>
        <tbody>
          {versions.data.map((v) => (
            <Fragment key={v.id}>
              <tr data-testid={`version-${v.version}`}>
                <td>
                  <strong>{v.version}</strong>{' '}
                  {v.status === 'yanked' && <span className="badge risk-high">yanked</span>}
                  {v.deprecated && <span className="badge risk-medium">deprecated</span>}
                </td>
                <td>{formatDate(v.publishedAt)}</td>
                <td>{formatBytes(v.size)}</td>
                <td>
                  <SignatureCell pluginId={pluginId} version={v} keys={trusted} />
                </td>
                <td>
                  <DiffSummary diff={v.permissionDiff} />
                </td>
                <td>
                  <Downloads pluginId={pluginId} version={v} publicKeyPem={keyFor(v.keyId)} />
                </td>
                {onInstall && (
                  <td>
                    {v.status === 'published' ? (
                      <button type="button" className="button small" onClick={() => onInstall(v)}>
                        Install {v.version}
                      </button>
                    ) : (
                      <span className="muted">not installable</span>
                    )}
                  </td>
                )}
              </tr>
              {v.releaseNotes && (
                <tr className="release-notes-row">
                  <td colSpan={onInstall ? 7 : 6}>
                    <ReleaseNotes version={v.version} markdown={v.releaseNotes} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
