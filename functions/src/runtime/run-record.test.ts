import { PluginHostError } from '@mlebotics/plugin-host';
import { RUN_RECORD_RETENTION_DAYS, runRecordDocSchema } from '@mlebotics/shared';
import { describe, expect, it } from 'vitest';
import { RUN_RECORD_LIMITS, runRecord, type RunRecordInput } from './run-record.js';

const base: RunRecordInput = {
  orgId: 'acme',
  pluginId: 'botworks.thermo-sense',
  version: '1.3.0',
  stepId: 'read-temperature',
  uid: 'u1',
  input: { sensorId: 'line-1-temp' },
  output: { temperatureC: 21.4 },
  logs: ['line-1-temp: 21.4 °C'],
  logLinesDropped: 0,
  calls: [{ permission: 'sensors:read', operation: 'sensors.read', allowed: true }],
  durationMs: 12.6,
};

describe('run records', () => {
  it('keep a successful run’s input, output, log and permission uses, for the retention period', () => {
    const now = Date.UTC(2026, 11, 2);
    const record = runRecord(base, now);
    expect(runRecordDocSchema.safeParse(record).success).toBe(true);
    expect(record).toMatchObject({
      outcome: 'ok',
      error: null,
      input: '{"sensorId":"line-1-temp"}',
      output: '{"temperatureC":21.4}',
      outputCut: false,
      durationMs: 13,
      callsTotal: 1,
    });
    expect(record.expireAt.toMillis() - record.at.toMillis()).toBe(RUN_RECORD_RETENTION_DAYS * 86_400_000);
  });

  it('keep a failure’s code with its title and advice, and no output', () => {
    const failure = new PluginHostError(
      'permission-denied',
      'ctx.fetch: evil.example.net is not a host this plugin may reach',
    );
    const record = runRecord({ ...base, output: undefined, failure });
    expect(record).toMatchObject({
      outcome: 'permission-denied',
      output: null,
      error: {
        code: 'permission-denied',
        title: 'The plugin tried something it has no permission for',
        message: failure.message,
      },
    });
    expect(record.error?.advice).toMatch(/refused and audited/);
  });

  it('cut a large output and many permission uses so the record fits in one document', () => {
    const calls = Array.from({ length: 1000 }, () => base.calls[0]!);
    const record = runRecord({ ...base, output: { text: '€'.repeat(300_000) }, calls });
    expect(record.outputCut).toBe(true);
    expect(Buffer.byteLength(record.output!)).toBeLessThanOrEqual(RUN_RECORD_LIMITS.outputBytes);
    expect(record.output).not.toContain('\uFFFD');
    expect(record.calls).toHaveLength(RUN_RECORD_LIMITS.calls);
    expect(record.callsTotal).toBe(1000);
  });
});
