import { HOST_ERROR_CODES, type PluginHostError } from '@mlebotics/plugin-host';
import { RUN_RECORD_RETENTION_DAYS, utf8ByteLength, type BridgeAuditEvent } from '@mlebotics/shared';
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import { cols, type Stored } from '../lib/documents.js';

/**
 * Bounds of a run record, so that the largest run (1 MiB of output, 200 log lines of 2,000
 * bytes, 1,000 permission uses) still fits in one Firestore document (1 MiB).
 */
export const RUN_RECORD_LIMITS = { outputBytes: 64 * 1024, inputBytes: 64 * 1024, calls: 200 } as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The longest prefix of `text` within `maxBytes` of UTF-8. */
function cut(text: string, maxBytes: number): { text: string; cut: boolean } {
  if (utf8ByteLength(text) <= maxBytes) return { text, cut: false };
  const bytes = Buffer.from(text, 'utf8').subarray(0, maxBytes);
  return { text: bytes.toString('utf8').replace(/\uFFFD$/, ''), cut: true };
}

export interface RunRecordInput {
  orgId: string;
  pluginId: string;
  version: string;
  stepId: string;
  uid: string;
  input: unknown;
  output?: unknown;
  failure?: PluginHostError;
  logs: string[];
  logLinesDropped: number;
  calls: BridgeAuditEvent[];
  durationMs: number;
}

/** The stored record of one run (exported for tests). */
export function runRecord(run: RunRecordInput, nowMs = Date.now()): Stored<'run'> {
  const output = run.failure ? undefined : cut(JSON.stringify(run.output ?? null), RUN_RECORD_LIMITS.outputBytes);
  const error = run.failure
    ? {
        code: run.failure.code,
        title: HOST_ERROR_CODES[run.failure.code].title,
        advice: HOST_ERROR_CODES[run.failure.code].fix,
        message: run.failure.message,
      }
    : null;
  return {
    pluginId: run.pluginId,
    version: run.version,
    stepId: run.stepId,
    uid: run.uid,
    input: cut(JSON.stringify(run.input ?? null), RUN_RECORD_LIMITS.inputBytes).text,
    output: output ? output.text : null,
    outputCut: output?.cut ?? false,
    outcome: run.failure ? run.failure.code : 'ok',
    error,
    logs: run.logs,
    logLinesDropped: run.logLinesDropped,
    calls: run.calls.slice(0, RUN_RECORD_LIMITS.calls),
    callsTotal: run.calls.length,
    durationMs: Math.round(run.durationMs),
    at: Timestamp.fromMillis(nowMs),
    expireAt: Timestamp.fromMillis(nowMs + RUN_RECORD_RETENTION_DAYS * DAY_MS),
  };
}

/**
 * Writes the record of a run to `orgs/{orgId}/runs`; returns its id, or undefined when it could
 * not be written (the run's own result is not changed by a failed record; the failure is logged).
 */
export async function writeRunRecord(run: RunRecordInput): Promise<string | undefined> {
  try {
    const ref = cols.runs(run.orgId).doc();
    await ref.create({ ...runRecord(run), at: FieldValue.serverTimestamp() });
    return ref.id;
  } catch (error) {
    logger.error('run record not written', { orgId: run.orgId, pluginId: run.pluginId, error });
    return undefined;
  }
}
