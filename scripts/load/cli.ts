// Options and reporting shared by the load, chaos and drill entry points.
import { parseArgs } from 'node:util';
import { PROJECT_ID } from '@mlebotics/testing';
import { assertLocalEmulators } from './guard.mjs';
import { requestIds } from './callable.js';
import type { WorkloadOptions } from './workload.js';

/** Parses `--users --ops --max-seconds` and the mode's own numeric and boolean options. */
export function parseOptions<N extends string, B extends string>(
  defaults: { users: number; ops: number; maxSeconds: number } & Record<N, number>,
  flags: readonly B[] = [],
): WorkloadOptions & Record<N, number> & Record<B, boolean> {
  assertLocalEmulators(process.env, PROJECT_ID);
  const numeric = Object.keys(defaults).filter((k) => !['users', 'ops', 'maxSeconds'].includes(k)) as N[];
  const dashed = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const { values } = parseArgs({
    options: Object.fromEntries([
      ...['users', 'ops', 'maxSeconds', ...numeric].map((k) => [dashed(k), { type: 'string' as const }]),
      ...flags.map((k) => [dashed(k), { type: 'boolean' as const }]),
    ]),
    strict: true,
  }) as { values: Record<string, string | boolean | undefined> };
  const number = (key: string, fallback: number) => {
    const raw = values[dashed(key)];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${dashed(key)} must be a whole number, not ${raw}`);
    return value;
  };
  const out: Record<string, unknown> = {
    users: Math.max(2, number('users', defaults.users)),
    ops: number('ops', defaults.ops),
    maxSeconds: number('maxSeconds', defaults.maxSeconds),
    retryTransient: false,
    settleMs: 180_000,
  };
  for (const k of numeric) out[k] = number(k, defaults[k]);
  for (const k of flags) out[k] = values[dashed(k)] === true;
  return out as WorkloadOptions & Record<N, number> & Record<B, boolean>;
}

/** Says loudly when the server refused the client request ids (an idempotency layer missing). */
export function requestIdNote(): string {
  return requestIds.accepted
    ? 'requestId: accepted by every mutating callable'
    : `requestId: REFUSED by the server, so retries were sent without it (first refusal: ${requestIds.refusal})`;
}
