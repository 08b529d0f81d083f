import { RUN_RECORD_RETENTION_DAYS } from '@mlebotics/shared';
import { ErrorNote, Loading } from '../../../components/ui/States';
import { useLiveQuery, type DocOf } from '../../../lib/firestore';
import { queries } from '../../../lib/queries';
import { RunLog } from './RunLog';
import { formatWhen } from './when';
import './runs.css';

type Run = DocOf<'run'> & { id: string };

function pretty(json: string | null): string {
  if (json === null) return '';
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

function RunEntry({ run }: { run: Run }) {
  const ok = run.outcome === 'ok';
  return (
    <li data-testid={`run-${run.id}`} className={ok ? 'run ok' : 'run failed'}>
      <details>
        <summary>
          <span className={`badge ${ok ? 'risk-low' : 'risk-high'}`}>{ok ? 'ok' : run.outcome}</span>{' '}
          <strong>{run.stepId}</strong> · {formatWhen(run.at)} · {run.durationMs} ms · v{run.version}
        </summary>
        <div className="run-body">
          {run.error && (
            <div className="alert-error" role="note">
              <strong>{run.error.title}</strong>
              <p data-testid="run-error-message">{run.error.message}</p>
              <p className="muted">{run.error.advice}</p>
            </div>
          )}
          <p className="muted">Input</p>
          <pre>{pretty(run.input)}</pre>
          {run.output !== null && (
            <>
              <p className="muted">Output{run.outputCut ? ' (cut: the record keeps its first 64 KiB)' : ''}</p>
              <pre data-testid="run-output">{pretty(run.output)}</pre>
            </>
          )}
          <RunLog logs={run.logs} dropped={run.logLinesDropped} />
          {run.calls.length > 0 && (
            <details>
              <summary>
                Permission uses (
                {run.callsTotal > run.calls.length ? `${run.calls.length} of ${run.callsTotal}` : run.calls.length})
              </summary>
              <ul>
                {run.calls.map((call, i) => (
                  <li key={i}>
                    {call.allowed ? '✓' : '✗'} {call.permission} — {call.operation}
                    {call.detail ? ` (${call.detail})` : ''}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      </details>
    </li>
  );
}

/** The latest 20 runs of one installed plugin's steps, live, each expandable to its details. */
export function RunHistory({ orgId, pluginId, name }: { orgId: string; pluginId: string; name: string }) {
  const runs = useLiveQuery(queries.pluginRuns(orgId, pluginId), `runs:${orgId}:${pluginId}`);
  return (
    <section className="panel run-history" data-testid={`run-history-${pluginId}`} aria-label={`Runs of ${name}`}>
      <h2>Runs of {name}</h2>
      <p className="muted">
        The latest 20 step runs in this organization, newest first. Records are kept {RUN_RECORD_RETENTION_DAYS} days.
      </p>
      {runs.status === 'loading' && <Loading label="Loading runs…" />}
      {runs.status === 'error' && <ErrorNote message={runs.error} />}
      {runs.status === 'unreachable' && (
        <ErrorNote message="The runs cannot be loaded: the marketplace is unreachable." />
      )}
      {runs.status === 'ready' && runs.data.length === 0 && <p className="muted">No runs yet.</p>}
      {runs.status === 'ready' && runs.data.length > 0 && (
        <ol className="run-list">
          {runs.data.map((run) => (
            <RunEntry key={run.id} run={run} />
          ))}
        </ol>
      )}
    </section>
  );
}
