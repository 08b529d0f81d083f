// Attacks on the deadline and the resource limits. Each hostile step runs with a 300 ms budget;
// for every one the test measures, with its own clock: the run ended within deadline + 100 ms,
// no service was reached after the deadline, the main thread's event loop kept ticking, the
// process's memory came back within a bound, and a normal run right after succeeds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue } from './json.js';
import { load, type LoadedPlugin } from './load.js';
import { sandboxPool } from './shared-pool.js';
import type { HostServices } from './services.js';
import { ALL_PERMISSIONS, manifestFor, recordingServices, signedPlugin } from './test-support.js';

const DEADLINE_MS = 300;
/** Allowed lateness of the end of a run past its deadline (the bound). */
const END_SLACK_MS = 100;
/** Longest main-thread stall tolerated while a hostile step runs (plugin code never runs here). */
const MAX_STALL_MS = 150;
/** How far the process's resident memory may stay above where it started. */
const RSS_SLACK_BYTES = 400 * 1024 * 1024;
const ANY = { type: 'object' };

interface Outcome {
  code?: string;
  message?: string;
  output?: JsonValue;
  elapsedMs: number;
  /** When each service call reached its service, in ms after the run's deadline (all must be < 0). */
  serviceTimes: number[];
  maxStallMs: number;
}

let plugin: LoadedPlugin;
let baselineRss = 0;

async function attackPlugin(): Promise<LoadedPlugin> {
  const manifest = manifestFor(
    'mallory.limits',
    { run: { inputSchema: ANY, outputSchema: {} }, echo: {} },
    { permissions: ALL_PERMISSIONS },
  );
  const signed = await signedPlugin(manifest, {
    'index.js': `export default { steps: {
      async run(input, ctx) { return await new (async () => {}).constructor('ctx', 'input', input.code)(ctx, input); },
      echo: (input) => ({ text: input.text }),
    } };\n`,
  });
  return load(signed.artifact, signed.envelope, signed.keys, ALL_PERMISSIONS);
}

/** Services that note (on the main thread's clock) when each call reached them. */
function timedServices(times: number[]): HostServices {
  const s = recordingServices().services;
  const mark = () => void times.push(performance.now());
  return {
    ...s,
    fetch: (request, call) => (mark(), s.fetch!(request, call)),
    storage: {
      get: (key, call) => (mark(), s.storage!.get(key, call)),
      set: (key, value, call) => (mark(), s.storage!.set(key, value, call)),
      delete: (key, call) => (mark(), s.storage!.delete(key, call)),
      list: (prefix, call) => (mark(), s.storage!.list(prefix, call)),
    },
    sensors: { read: (id, q, call) => (mark(), s.sensors!.read(id, q, call)) },
    actuators: { command: (id, c, call) => (mark(), s.actuators!.command(id, c, call)) },
    automation: { execute: (id, i, call) => (mark(), s.automation!.execute(id, i, call)) },
    notifications: { send: (n, call) => (mark(), s.notifications!.send(n, call)) },
    secrets: { read: (n, call) => (mark(), s.secrets!.read(n, call)) },
  };
}

const report: string[] = [];

async function attack(code: string): Promise<Outcome> {
  const reached: number[] = [];
  let deadlineAt = Number.NaN;
  let startedAt = Number.NaN;
  let last = performance.now();
  let maxStallMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    maxStallMs = Math.max(maxStallMs, now - last);
    last = now;
  }, 5);
  last = performance.now();
  try {
    const result = await plugin.runStep(
      'run',
      { code },
      {
        services: timedServices(reached),
        audit: () => undefined,
        onRunEnd: (summary) => {
          deadlineAt = summary.deadlineAt;
          startedAt = summary.startedAt;
        },
        limits: { timeoutMs: DEADLINE_MS },
      },
    );
    const elapsedMs = performance.now() - startedAt;
    return { output: result.output, elapsedMs, serviceTimes: reached.map((t) => t - deadlineAt), maxStallMs };
  } catch (error) {
    const { code: errorCode, message } = error as { code?: string; message?: string };
    if (!errorCode) throw error;
    const elapsedMs = performance.now() - startedAt;
    report.push(
      `${errorCode.padEnd(14)} ${elapsedMs.toFixed(0).padStart(4)} ms  ${code.replace(/\s+/g, ' ').trim().slice(0, 90)}`,
    );
    return { code: errorCode, message, elapsedMs, serviceTimes: reached.map((t) => t - deadlineAt), maxStallMs };
  } finally {
    clearInterval(ticker);
    const now = performance.now();
    maxStallMs = Math.max(maxStallMs, now - last);
  }
}

async function expectContained(outcome: Outcome, codes: string[]): Promise<void> {
  expect(codes, `${outcome.code}: ${outcome.message}`).toContain(outcome.code);
  expect(outcome.elapsedMs).toBeLessThan(DEADLINE_MS + END_SLACK_MS);
  for (const afterDeadline of outcome.serviceTimes) expect(afterDeadline).toBeLessThan(0);
  expect(outcome.maxStallMs).toBeLessThan(MAX_STALL_MS);
  const run = await plugin.runStep('echo', { text: 'still here' }, { services: {}, audit: () => undefined });
  expect(run.output).toEqual({ text: 'still here' });
  expect(process.memoryUsage().rss).toBeLessThan(baselineRss + RSS_SLACK_BYTES);
}

beforeAll(async () => {
  plugin = await attackPlugin();
  await sandboxPool().warmUp();
  await plugin.runStep('echo', { text: 'warm' }, { services: {}, audit: () => undefined });
  baselineRss = process.memoryUsage().rss;
});

afterAll(() => {
  console.log(`attacks (code, end after the run's start with a ${DEADLINE_MS} ms deadline):\n${report.join('\n')}`);
  console.log(
    `host RSS: ${(baselineRss / 2 ** 20).toFixed(0)} MiB at start, ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB at the end`,
  );
});

describe('the deadline holds across host calls', () => {
  it('a caught refused-call loop ends as abusive, not after seconds', async () => {
    const outcome = await attack(`for (;;) { try { ctx.storage.get(1); } catch (e) {} }`);
    await expectContained(outcome, ['call-limit']);
  });

  it('a caught log loop with a 50 MiB line (no permission needed) ends at the deadline', async () => {
    const outcome = await attack(
      `const s = 'x'.repeat(50 * 1024 * 1024); for (;;) { try { ctx.log(s); } catch (e) {} }`,
    );
    await expectContained(outcome, ['timeout', 'out-of-memory']);
  });

  it('a service is never reached after the deadline, even by calls made right at it', async () => {
    const outcome = await attack(`
      const start = Date.now();
      while (Date.now() - start < ${DEADLINE_MS - 5}) {}
      for (;;) { try { await ctx.automation.execute('flow'); } catch (e) {} }
    `);
    await expectContained(outcome, ['timeout']);
  });

  it('awaited service calls in a loop stop at the deadline', async () => {
    const outcome = await attack(`for (;;) { try { await ctx.storage.get('k'); } catch (e) {} }`);
    await expectContained(outcome, ['timeout', 'call-limit']);
  });

  it('a flood of service calls is capped per run and ended with call-limit', async () => {
    const outcome = await attack(`for (let i = 0; ; i++) { await ctx.storage.set('k' + i, i); }`);
    await expectContained(outcome, ['call-limit', 'timeout']);
  });
});

describe('built-ins cannot outrun the deadline', () => {
  const builtins: Array<[string, string]> = [
    ['indexOf over a 2^40 array-like', `return Array.prototype.indexOf.call({ length: 2 ** 40 }, 1);`],
    ['includes over a 2^40 array-like', `return Array.prototype.includes.call({ length: 2 ** 40 }, 1);`],
    ['lastIndexOf over a 2^40 array-like', `return Array.prototype.lastIndexOf.call({ length: 2 ** 40 }, 1);`],
    ['copyWithin over a 2^40 array-like', `return Array.prototype.copyWithin.call({ length: 2 ** 40 }, 1, 0);`],
    ['reverse over a 2^40 array-like', `return Array.prototype.reverse.call({ length: 2 ** 40 });`],
    ['fill over a 2^40 array-like', `return Array.prototype.fill.call({ length: 2 ** 40 }, 0);`],
    ['join of a 2^32-1 array', `return new Array(2 ** 32 - 1).join('').length;`],
    ['string search with a long needle', `return 'a'.repeat(2 ** 24).indexOf('a'.repeat(2 ** 23) + 'b');`],
    ['catastrophic regex backtracking', `return /^(a+)+$/.test('a'.repeat(64) + 'b');`],
    ['sort with a comparator that never returns', `return [3, 1, 2].sort(() => { for (;;) {} });`],
    ['sort of a large array', `return new Array(3e6).fill(0).map((_, i) => (i * 7919) % 3e6).sort().length;`],
    ['BigInt power', `return (7n ** 3000000n) % 10n === 1n;`],
    ['BigInt to string', `return String(3n ** 400000n).length;`],
    ['string doubling', `let s = 'x'; for (;;) s += s;`],
    ['JSON.stringify of a huge value', `return JSON.stringify(new Array(2e6).fill('xxxxxxxxxxxxxxxx')).length;`],
    ['JSON.parse of deep nesting', `return JSON.parse('['.repeat(1e6) + ']'.repeat(1e6));`],
  ];
  for (const [name, code] of builtins) {
    it(name, async () => {
      const outcome = await attack(code);
      await expectContained(outcome, ['timeout', 'out-of-memory', 'plugin-error']);
    });
  }
});

describe('re-entrancy and promise jobs', () => {
  it('toJSON of a bridge argument that never returns', async () => {
    const outcome = await attack(`return ctx.storage.set('k', { toJSON() { for (;;) {} } });`);
    await expectContained(outcome, ['timeout']);
  });

  it('a getter that calls the bridge again, recursively, from inside argument copying', async () => {
    const outcome = await attack(`
      const evil = { get x() { ctx.storage.set('k', evil); return 1; } };
      return ctx.storage.set('k', evil);
    `);
    await expectContained(outcome, ['timeout', 'plugin-error', 'engine-fault', 'call-limit']);
  });

  it('re-entrant toJSON through ctx.log nests host frames until the run is ended', async () => {
    const outcome = await attack(`
      function deeper(n) { ctx.log({ toJSON() { return deeper(n + 1); } }); return n; }
      for (;;) { try { deeper(0); } catch (e) {} }
    `);
    await expectContained(outcome, ['timeout', 'plugin-error', 'engine-fault']);
  });

  it('a thenable result whose then never returns', async () => {
    const outcome = await attack(`return { then(resolve) { for (;;) {} } };`);
    await expectContained(outcome, ['timeout']);
  });

  it('a promise-job flood', async () => {
    const outcome = await attack(`
      const again = () => Promise.resolve().then(again);
      again(); again(); again();
      await new Promise(() => {});
    `);
    await expectContained(outcome, ['timeout']);
  });

  it('a synchronous loop that only queues jobs', async () => {
    const outcome = await attack(`for (;;) Promise.resolve().then(() => {});`);
    await expectContained(outcome, ['timeout', 'out-of-memory']);
  });

  it('refused-call floods of every bridge end as abusive', async () => {
    for (const call of [
      `ctx.fetch('https://evil.example/')`,
      `ctx.secrets.read('NOT_GRANTED')`,
      `ctx.sensors.read(1)`,
      `ctx.actuators.command('a')`,
      `ctx.automation.execute(null)`,
      `ctx.notifications.send({})`,
      `ctx.storage.list(5)`,
    ]) {
      const outcome = await attack(`for (;;) { try { ${call}; } catch (e) {} }`);
      await expectContained(outcome, ['call-limit']);
    }
  });
});

describe('hostile outputs are checked under the deadline', () => {
  it('an output getter that never returns is stopped at the deadline', async () => {
    const outcome = await attack(`return { get level() { for (;;) {} } };`);
    await expectContained(outcome, ['timeout']);
  });

  it('an output that is a DAG of 2^60 paths (shared, not cyclic) is stopped at the deadline', async () => {
    const outcome = await attack(`let v = [1]; for (let i = 0; i < 60; i++) v = [v, v]; return v;`);
    await expectContained(outcome, ['timeout']);
  });

  it('a proxy output whose traps lie about its keys and prototype is still checked value by value', async () => {
    const outcome = await attack(`
      return new Proxy({}, {
        getPrototypeOf: () => Object.prototype,
        ownKeys: () => ['level'],
        getOwnPropertyDescriptor: () => ({ value: NaN, enumerable: true, configurable: true }),
        get: () => NaN,
      });
    `);
    expect(outcome.code).toBe('invalid-output');
    expect(outcome.message).toMatch(/^output.level is NaN/);
    await expectContained(outcome, ['invalid-output']);
  });
});

describe('limits are UTF-8 bytes of what is delivered', () => {
  it('a storage value of 1e6 euro signs (3 MB of UTF-8) is refused before it reaches the service', async () => {
    const outcome = await attack(`
      try { await ctx.storage.set('k', '€'.repeat(1e6)); return 'stored'; }
      catch (e) { return String(e); }
    `);
    expect(outcome.output).toMatch(/larger than 1 MiB of UTF-8/);
    expect(outcome.serviceTimes).toEqual([]);
  });

  it('an output of 1e6 euro signs is refused as invalid output', async () => {
    const outcome = await attack(`return { text: '€'.repeat(400000) };`);
    expect(outcome.code).toBe('invalid-output');
    expect(outcome.message).toMatch(/UTF-8/);
  });

  it('a log line is cut to 2,000 bytes of UTF-8 and lines past the limit are counted', async () => {
    const logs: string[] = [];
    let dropped = -1;
    const result = await plugin.runStep(
      'run',
      { code: `for (let i = 0; i < 250; i++) ctx.log('€'.repeat(5000)); return 1;` },
      {
        services: { log: (entry) => void logs.push(entry.message) },
        audit: () => undefined,
        onRunEnd: (summary) => void (dropped = summary.logLinesDropped),
      },
    );
    expect(result.output).toBe(1);
    expect(logs).toHaveLength(200);
    expect(Math.max(...logs.map((l) => Buffer.byteLength(l)))).toBeLessThanOrEqual(2000);
    expect(dropped).toBe(50);
  });
});

describe('the audit is bounded and keeps every real call', () => {
  it('200 refused calls followed by a real call: the real call is audited, refusals sampled and counted', async () => {
    const events: Array<{ operation: string; allowed: boolean }> = [];
    let summary: { refusedCalls: number; refusedSampled: number; serviceCalls: number } | undefined;
    const outcome = await plugin
      .runStep(
        'run',
        {
          code: `
            for (let i = 0; i < 99; i++) { try { await ctx.fetch('https://evil.example/'); } catch (e) {} }
            await ctx.automation.execute('real-flow');
            return 'done';
          `,
        },
        {
          services: recordingServices().services,
          audit: (event) => void events.push(event),
          onRunEnd: (s) => void (summary = s),
        },
      )
      .then((r) => r.output);
    expect(outcome).toBe('done');
    expect(events.filter((e) => e.allowed).map((e) => e.operation)).toEqual(['automation.execute']);
    expect(events.filter((e) => !e.allowed).length).toBe(20);
    expect(summary).toMatchObject({ refusedCalls: 99, refusedSampled: 20, serviceCalls: 1 });
  });

  it('a refusal past the limit ends the run; calls before it were all audited', async () => {
    const events: Array<{ operation: string; allowed: boolean }> = [];
    const outcome = await plugin
      .runStep(
        'run',
        {
          code: `
            await ctx.automation.execute('first');
            for (let i = 0; i < 500; i++) { try { await ctx.fetch('https://evil.example/'); } catch (e) {} }
            await ctx.automation.execute('never');
          `,
        },
        { services: recordingServices().services, audit: (event) => void events.push(event) },
      )
      .catch((error: { code: string }) => error.code);
    expect(outcome).toBe('call-limit');
    expect(events.filter((e) => e.allowed).map((e) => e.operation)).toEqual(['automation.execute']);
  });
});

describe('faults end the run and discard the sandbox', () => {
  it('a worker killed from inside the run (out of heap) ends the run; the next run is clean', async () => {
    const outcome = await attack(`
      let a = [];
      for (let i = 0; i < 1e6; i++) a.push({ i, s: 'x'.repeat(64) });
      return a.length;
    `);
    await expectContained(outcome, ['out-of-memory', 'timeout']);
  });
});
