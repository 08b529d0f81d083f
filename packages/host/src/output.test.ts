import { describe, expect, it } from 'vitest';
import { PluginHostError } from './errors.js';
import { load } from './load.js';
import { manifestFor, recordingServices, signedPlugin } from './test-support.js';
import { OUTPUT_RULE } from './vm-output.js';

// Each case is a step body whose return value is not JSON data, and the path and reason the
// refusal must name. JSON.stringify alone would have turned most of them into something else.
const CASES: Array<[string, string, string]> = [
  ['NaN', `return { level: NaN };`, 'output.level is NaN'],
  ['Infinity', `return { readings: [1, 2, Infinity] };`, 'output.readings[2] is Infinity'],
  ['-Infinity', `return { a: { b: -1 / 0 } };`, 'output.a.b is -Infinity'],
  ['Date', `return { when: new Date(0) };`, 'output.when is a Date (send it as a string: date.toISOString())'],
  ['undefined value', `return { level: 1, fn: undefined };`, 'output.fn is undefined'],
  ['undefined output', `return undefined;`, 'output is undefined'],
  ['array hole', `const a = [1]; a[2] = 3; return { a };`, 'output.a[1] is undefined'],
  ['function', `return { fn() { return 1; } };`, 'output.fn is a function'],
  ['symbol', `return { s: Symbol('x') };`, 'output.s is a symbol'],
  ['symbol key', `return { [Symbol('x')]: 1 };`, 'output is an object with symbol keys'],
  ['BigInt', `return { n: 10n };`, 'output.n is a BigInt'],
  [
    'class instance',
    `class Reading { constructor() { this.v = 1; } } return { r: new Reading() };`,
    'output.r is an instance of Reading',
  ],
  [
    'toJSON instance',
    `class Money { toJSON() { return 1; } } return [new Money()];`,
    'output[0] is an instance of Money',
  ],
  ['Map', `return { m: new Map([[1, 2]]) };`, 'output.m is a Map'],
  ['Set', `return { s: new Set([1]) };`, 'output.s is a Set'],
  ['Promise', `return { p: Promise.resolve(1) };`, 'output.p is a Promise'],
  ['typed array', `return { bytes: new Uint8Array(2) };`, 'output.bytes is an instance of Uint8Array'],
  ['cycle', `const a = { name: 'a' }; a.self = a; return a;`, 'output.self is a reference back to one of its parents'],
  ['deep cycle', `const a = []; const b = [a]; a.push(b); return { a };`, 'output.a[0][0] is a reference back'],
  ['too deep', `let v = 1; for (let i = 0; i < 100; i++) v = { v }; return v;`, 'is nested deeper than 64 levels'],
  ['odd key', `return { 'two words': NaN };`, 'output["two words"] is NaN'],
];

async function runBody(body: string) {
  const plugin = await signedPlugin(manifestFor('acme.out', { out: { inputSchema: {}, outputSchema: {} } }), {
    'index.js': `export default { steps: { async out(input) { ${body} } } };\n`,
  });
  const loaded = await load(plugin.artifact, plugin.envelope, plugin.keys, []);
  const { services, audit } = recordingServices();
  return loaded.runStep('out', {}, { services, audit });
}

async function refusal(body: string): Promise<PluginHostError> {
  const error = await runBody(body).then(
    (result) => result,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PluginHostError);
  return error as PluginHostError;
}

describe('step outputs must be JSON data', () => {
  it.each(CASES)('refuses %s with the path where it is', async (_name, body, expected) => {
    const error = await refusal(body);
    expect(error.code).toBe('invalid-output');
    expect(error.message).toContain(expected);
    expect(error.message).toContain(OUTPUT_RULE);
  });

  it('refuses the example from the issue at its first bad value', async () => {
    const error = await refusal(`return { level: NaN, when: new Date(), fn: undefined };`);
    expect(error.message).toBe(`output.level is NaN — ${OUTPUT_RULE}.`);
  });

  it('accepts JSON data: null-prototype objects, shared (acyclic) references, 64 levels, odd keys', async () => {
    const { output } = await runBody(`
      const shared = { x: 1 };
      const bare = Object.create(null); bare.k = 'v';
      let deep = 0; for (let i = 0; i < 63; i++) deep = [deep];
      return { a: shared, b: shared, bare, deep, 'two words': -0, big: 1e308, s: '\\u2028', t: true, n: null };
    `);
    expect(output).toMatchObject({ a: { x: 1 }, b: { x: 1 }, bare: { k: 'v' }, 'two words': 0, big: 1e308, n: null });
  });

  it('reads each getter once and sends what it checked', async () => {
    const { output } = await runBody(`
      let reads = 0;
      return { get level() { reads += 1; return reads === 1 ? 5 : NaN; }, get count() { return reads; } };
    `);
    expect(output).toEqual({ level: 5, count: 1 });
  });

  it('is not fooled by prototypes the plugin changed', async () => {
    const { output } = await runBody(`
      Object.defineProperty(Object.prototype, 'level', { set() { throw new Error('setter ran'); } });
      Object.keys = () => [];
      Number.isFinite = () => true;
      return { level: 2, list: [1, 2] };
    `);
    expect(output).toEqual({ level: 2, list: [1, 2] });
    const error = await refusal(
      `Number.isFinite = () => true; Object.getPrototypeOf = () => Object.prototype; return { n: NaN, d: new Date() };`,
    );
    expect(error.message).toContain('output.n is NaN');
  });

  it('a proxy that throws while being read fails the run as the plugin’s error, not the host’s', async () => {
    const error = await refusal(`return new Proxy({}, { ownKeys() { throw new RangeError('no keys for you'); } });`);
    expect(error.code).toBe('invalid-output');
    expect(error.message).toContain('no keys for you');
  });
});
