import { RUNTIME_LIMITS } from '@mlebotics/shared';

/**
 * A run's `ctx.log` lines, with the notice of lines past the per-run limit (they are counted,
 * not kept): without it, a log cut at 200 lines reads as if the plugin stopped logging there.
 */
export function RunLog({ logs, dropped, open = false }: { logs: readonly string[]; dropped: number; open?: boolean }) {
  if (logs.length === 0 && dropped === 0) return <p className="muted">The run wrote no log.</p>;
  return (
    <details open={open} className="run-log" data-testid="run-log">
      <summary>
        Log ({logs.length}
        {dropped > 0 ? ` of ${logs.length + dropped}` : ''} lines)
      </summary>
      <pre>{logs.join('\n')}</pre>
      {dropped > 0 && (
        <p className="muted" data-testid="log-dropped">
          … {dropped} more {dropped === 1 ? 'line was' : 'lines were'} dropped: a run keeps its first{' '}
          {RUNTIME_LIMITS.logLines} lines.
        </p>
      )}
    </details>
  );
}
