import type { VersionDoc } from '@mlebotics/shared';
import { useState } from 'react';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { DiffSummary } from '../../../components/ui/DiffSummary';
import { OutcomeNote } from '../../../components/ui/States';
import { useAction } from '../../../hooks/use-action';
import { formatDate } from '../../../lib/firestore';
import { markDeprecated, setYanked } from '../api/publish';

/** One version of one of the caller's plugins: yank or restore, deprecate or undeprecate. */
export function VersionRow({ pluginId, version }: { pluginId: string; version: VersionDoc & { id: string } }) {
  const { run, busy, outcome } = useAction();
  const [asking, setAsking] = useState<'yank' | 'deprecate'>();
  const [reason, setReason] = useState('');
  const yanked = version.status === 'yanked';
  const close = () => setAsking(undefined);
  const confirmed = async (action: () => Promise<unknown>, ok: string) => {
    if (await run(action, ok)) close();
  };
  return (
    <tr data-testid={`my-version-${version.version}`}>
      <td>
        {version.version} {yanked && <span className="badge risk-high">yanked</span>}
        {version.deprecated && <span className="badge risk-medium">deprecated</span>}
      </td>
      <td>{formatDate(version.publishedAt)}</td>
      <td>
        <DiffSummary diff={version.permissionDiff} />
      </td>
      <td>
        {yanked ? (
          <button
            type="button"
            className="button small"
            disabled={busy}
            onClick={() =>
              void run(
                () => setYanked({ pluginId, version: version.version, yanked: false }),
                `${version.version} restored.`,
              )
            }
          >
            Restore
          </button>
        ) : (
          <button type="button" className="button small" disabled={busy} onClick={() => setAsking('yank')}>
            Yank
          </button>
        )}{' '}
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
        ) : (
          <button type="button" className="button small" disabled={busy} onClick={() => setAsking('deprecate')}>
            Deprecate
          </button>
        )}
        <OutcomeNote outcome={outcome} />
        <ConfirmDialog
          open={asking === 'yank'}
          title={`Yank ${version.version}?`}
          message={
            <p>
              Organizations can no longer install {version.version} and it disappears from the plugin page; those that
              installed it keep it and see it marked as yanked. You can restore it later.
            </p>
          }
          confirmLabel="Yank version"
          danger
          onCancel={close}
          onConfirm={() =>
            confirmed(
              () => setYanked({ pluginId, version: version.version, yanked: true }),
              `${version.version} yanked: hidden from new installs.`,
            )
          }
        />
        <ConfirmDialog
          open={asking === 'deprecate'}
          title={`Deprecate ${version.version}?`}
          message={<p>Operators see your reason on the plugin page and when they install or update.</p>}
          confirmLabel="Deprecate"
          canConfirm={reason.trim().length >= 5}
          onCancel={close}
          onConfirm={() =>
            confirmed(
              () => markDeprecated({ pluginId, version: version.version, message: reason.trim() }),
              'Deprecated.',
            )
          }
        >
          <label>
            Why is {version.version} deprecated? (5 to 300 characters)
            <input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={5} maxLength={300} />
          </label>
        </ConfirmDialog>
      </td>
    </tr>
  );
}
