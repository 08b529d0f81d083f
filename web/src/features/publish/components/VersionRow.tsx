import type { VersionDoc } from '@mlebotics/shared';
import { useState } from 'react';
import { DiffSummary } from '../../../components/ui/DiffSummary';
import { OutcomeNote } from '../../../components/ui/States';
import { useAction } from '../../../hooks/use-action';
import { formatDate } from '../../../lib/firestore';
import { markDeprecated, setYanked } from '../api/publish';

/** One version of one of the caller's plugins: yank or restore, deprecate or undeprecate. */
export function VersionRow({ pluginId, version }: { pluginId: string; version: VersionDoc & { id: string } }) {
  const { run, busy, outcome } = useAction();
  const [deprecating, setDeprecating] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <tr data-testid={`my-version-${version.version}`}>
      <td>
        {version.version} {version.status === 'yanked' && <span className="badge risk-high">yanked</span>}
        {version.deprecated && <span className="badge risk-medium">deprecated</span>}
      </td>
      <td>{formatDate(version.publishedAt)}</td>
      <td>
        <DiffSummary diff={version.permissionDiff} />
      </td>
      <td>
        <button
          type="button"
          className="button small"
          disabled={busy}
          onClick={() =>
            void run(
              () => setYanked({ pluginId, version: version.version, yanked: version.status !== 'yanked' }),
              version.status === 'yanked'
                ? `${version.version} restored.`
                : `${version.version} yanked: hidden from new installs.`,
            )
          }
        >
          {version.status === 'yanked' ? 'Restore' : 'Yank'}
        </button>{' '}
        {version.deprecated ? (
          <button
            type="button"
            className="button small"
            disabled={busy}
            onClick={() =>
              void run(
                () => markDeprecated({ pluginId, version: version.version, message: null }),
                'Deprecation lifted.',
              )
            }
          >
            Undeprecate
          </button>
        ) : deprecating ? (
          <form
            aria-label={`Deprecate ${version.version}`}
            style={{ flexDirection: 'row', alignItems: 'flex-end' }}
            onSubmit={(e) => {
              e.preventDefault();
              void run(
                () => markDeprecated({ pluginId, version: version.version, message: reason.trim() }),
                'Deprecated.',
              ).then((ok) => ok && setDeprecating(false));
            }}
          >
            <label>
              Why is {version.version} deprecated?
              <input
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                required
                minLength={5}
                maxLength={300}
              />
            </label>
            <button type="submit" className="button small" disabled={busy}>
              Deprecate
            </button>
            <button type="button" className="button small ghost" onClick={() => setDeprecating(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <button type="button" className="button small" disabled={busy} onClick={() => setDeprecating(true)}>
            Deprecate
          </button>
        )}
        <OutcomeNote outcome={outcome} />
      </td>
    </tr>
  );
}
