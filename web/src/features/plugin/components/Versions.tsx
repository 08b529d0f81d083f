import { formatBytes, type TrustedKey, type VersionDoc } from '@mlebotics/shared';
import { DiffSummary } from '../../../components/ui/DiffSummary';
import { ErrorState, Loading } from '../../../components/ui/States';
import { formatDate, useLiveQuery } from '../../../lib/firestore';
import { queries } from '../../../lib/queries';
import { SignatureCell } from './SignatureCell';

/** A plugin's versions, newest first, with size, signature check and permission changes. */
export function Versions({ pluginId }: { pluginId: string }) {
  const versions = useLiveQuery<VersionDoc>(queries.versions(pluginId), pluginId);
  const keys = useLiveQuery<{ publicKeyPem: string; status: TrustedKey['status'] }>(queries.signingKeys(), 'keys');
  const trusted =
    keys.status === 'ready'
      ? keys.data.map((k) => ({ keyId: k.id, publicKeyPem: k.publicKeyPem, status: k.status }))
      : undefined;
  if (versions.status === 'loading') return <Loading label="Loading versions…" />;
  if (versions.status === 'error') return <ErrorState message={versions.error} />;
  return (
    <table aria-label="Versions">
      <thead>
        <tr>
          <th>Version</th>
          <th>Published</th>
          <th>Size</th>
          <th>Signature</th>
          <th>Permission changes</th>
        </tr>
      </thead>
      <tbody>
        {versions.data.map((v) => (
          <tr key={v.id} data-testid={`version-${v.version}`}>
            <td>
              <strong>{v.version}</strong> {v.status === 'yanked' && <span className="badge risk-high">yanked</span>}
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
          </tr>
        ))}
      </tbody>
    </table>
  );
}
