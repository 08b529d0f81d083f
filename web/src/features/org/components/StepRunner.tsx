import { paths, type RunPluginStepOutput } from '@mlebotics/shared';
import { useState, type FormEvent } from 'react';
import { ErrorNote } from '../../../components/ui/States';
import { useDocument } from '../../../lib/firestore';
import { runStep } from '../api/orgs';
import { exampleFor } from './input-example';
import { errorText } from '../../../lib/functions';
import { failedRunLog } from './run-failure';
import { RunLog } from './RunLog';

/** Runs one automation step of an installed plugin with a JSON input and shows output or error. */
export function StepRunner({
  orgId,
  pluginId,
  stepId,
  title,
  version,
}: {
  orgId: string;
  pluginId: string;
  stepId: string;
  title: string;
  /** The installed version: its manifest gives the step's input schema (starting input, hints). */
  version: string;
}) {
  const versionDoc = useDocument('version', paths.version(pluginId, version));
  const inputSchema = versionDoc.data?.manifest.capabilities.find((c) => c.id === stepId && 'inputSchema' in c);
  const example = JSON.stringify(
    exampleFor(inputSchema && 'inputSchema' in inputSchema ? inputSchema.inputSchema : undefined),
  );
  const [typed, setInput] = useState<string>();
  const input = typed ?? example;
  const [result, setResult] = useState<RunPluginStepOutput>();
  const [error, setError] = useState<string>();
  /** The log a failed run wrote before it failed (from the error's details). */
  const [failedLog, setFailedLog] = useState<{ logs: string[]; logLinesDropped: number }>();
  /** Why the input is not JSON; the hint around it is rendered with the step's current example. */
  const [notJson, setNotJson] = useState<string>();
  const [busy, setBusy] = useState(false);
  // The example comes from the version document: until it has loaded, the hint gives none
  // rather than a wrong one ("{}").
  const hint =
    notJson && `The input is not JSON: ${notJson}.${versionDoc.data ? ` This step takes input like ${example}` : ''}`;

  async function run(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setFailedLog(undefined);
    setNotJson(undefined);
    setResult(undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch (e) {
      return setNotJson((e as Error).message);
    }
    setBusy(true);
    try {
      setResult(await runStep({ orgId, pluginId, stepId, input: parsed }));
    } catch (e) {
      setError(errorText(e));
      setFailedLog(failedRunLog(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={run} aria-label={`Run ${title}`} className="step-runner">
      <label>
        Input (JSON)
        <textarea rows={3} value={input} onChange={(e) => setInput(e.target.value)} spellCheck={false} />
      </label>
      <div>
        <button type="submit" className="button small primary" disabled={busy}>
          {busy ? 'Running…' : 'Run step'}
        </button>
      </div>
      <ErrorNote message={hint || error} testId="step-error" />
      {error && failedLog && (
        <div data-testid="step-failed-log">
          <RunLog logs={failedLog.logs} dropped={failedLog.logLinesDropped} open />
        </div>
      )}
      {result && (
        <div data-testid="step-result">
          <p className="muted">
            Output of version {result.version} in {result.durationMs} ms:
          </p>
          <pre data-testid="step-output">{JSON.stringify(result.output, null, 2)}</pre>
          <RunLog logs={result.logs} dropped={result.logLinesDropped ?? 0} />
          {result.audit.length > 0 && (
            <details>
              <summary>Permission uses ({result.audit.length})</summary>
              <ul>
                {result.audit.map((a, i) => (
                  <li key={i}>
                    {a.allowed ? '✓' : '✗'} {a.permission} — {a.operation}
                    {a.detail ? ` (${a.detail})` : ''}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </form>
  );
}
