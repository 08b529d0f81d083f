import { isEmptyDiff, type PermissionDiff } from '@mlebotics/shared';

/** A permission diff in one line: added (red), changed scopes, removed (struck). */
export function DiffSummary({ diff }: { diff: PermissionDiff | null | undefined }) {
  if (!diff || isEmptyDiff(diff)) return <span className="muted">no permission changes</span>;
  return (
    <span data-testid="permission-diff">
      {diff.added.map((p) => (
        <span key={`+${p.name}`} className="diff-added">
          +{p.name}{' '}
        </span>
      ))}
      {diff.changed.map((c) => (
        <span key={`~${c.name}`} className={c.added.length ? 'diff-added' : 'diff-removed'}>
          {c.name}: {c.added.map((a) => `+${a}`).join(' ')} {c.removed.map((r) => `−${r}`).join(' ')}{' '}
        </span>
      ))}
      {diff.removed.map((p) => (
        <span key={`-${p.name}`} className="diff-removed">
          −{p.name}{' '}
        </span>
      ))}
    </span>
  );
}
