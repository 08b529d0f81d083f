import type { RunPluginStepFailure } from '@mlebotics/shared';
import { CallError } from '../../../lib/functions';

/** The log a failed `runPluginStep` carried back in its error details, if any. */
export function failedRunLog(error: unknown): Pick<RunPluginStepFailure, 'logs' | 'logLinesDropped'> | undefined {
  if (!(error instanceof CallError) || !error.details) return undefined;
  const { logs, logLinesDropped } = error.details as Partial<RunPluginStepFailure>;
  if (!Array.isArray(logs) || !logs.every((line) => typeof line === 'string')) return undefined;
  return { logs, logLinesDropped: typeof logLinesDropped === 'number' ? logLinesDropped : 0 };
}
