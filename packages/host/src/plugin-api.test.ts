// The bridges agree with PLUGIN_API, the data the typed SDK (`@mlebotics/plugin-cli/sdk`) is
// generated from: for each permission, the sandbox's `ctx` has exactly the members the data lists,
// every method accepts the data's example call, and refuses a wrongly typed or missing argument
// with a TypeError. A bridge added, renamed or changed without the data fails here.
import { PERMISSION_NAMES, PLUGIN_API, type Permission, type PermissionName } from '@mlebotics/shared';
import { describe, expect, it } from 'vitest';
import { load } from './load.js';
import { manifestFor, recordingServices, signedPlugin } from './test-support.js';

/** The permission entry a call needs, scoped to what its example reaches. */
function permissionFor(name: PermissionName): Permission {
  const reason = 'Exercises the bridge.';
  const example = PLUGIN_API[name][0]?.example[0];
  if (name === 'network:fetch') return { name, reason, hosts: [new URL(String(example)).host] };
  if (name === 'secrets:read') return { name, reason, secrets: [String(example)] };
  return { name, reason } as Permission;
}

// Runs in the sandbox: what ctx has, and how each call of PLUGIN_API fares.
const PROBE = `export default { steps: { async probe(input, ctx) {
  const members = {};
  for (const key of Object.keys(ctx)) members[key] = typeof ctx[key] === 'function' ? 'function' : Object.keys(ctx[key]).sort();
  const at = (path) => path.split('.').reduce((o, k) => o[k], ctx);
  const outcome = async (path, args) => {
    try { await at(path)(...args); return 'resolved'; } catch (e) { return e.name + ': ' + e.message; }
  };
  const calls = [];
  for (const m of input.methods) {
    calls.push({
      path: m.path,
      example: await outcome(m.path, m.example),
      wrongTypes: await Promise.all(
        m.typed.map((i) => outcome(m.path, Array.from({ length: Math.max(m.example.length, i + 1) }, (_, j) => (j === i ? 42 : m.example[j])))),
      ),
      missing: m.required > 0 ? await outcome(m.path, m.example.slice(0, m.required - 1)) : 'none required',
    });
  }
  return { members, calls };
} } };
`;

async function probe(name: PermissionName) {
  const permission = permissionFor(name);
  const manifest = manifestFor(
    'acme.api-probe',
    { probe: { inputSchema: { type: 'object' }, outputSchema: {} } },
    { permissions: [permission] },
  );
  const plugin = await signedPlugin(manifest, { 'index.js': PROBE });
  const loaded = await load(plugin.artifact, plugin.envelope, plugin.keys, [permission]);
  const methods = PLUGIN_API[name].map((m) => ({
    path: m.path,
    example: m.example,
    // Every parameter type but JsonValue refuses a number (see ApiParam.type).
    typed: m.params.flatMap((p, i) => (p.type === 'JsonValue' ? [] : [i])),
    required: m.params.filter((p) => !p.optional).length,
  }));
  const rec = recordingServices();
  const { output } = await loaded.runStep('probe', { methods }, { services: rec.services, audit: rec.audit });
  return output as {
    members: Record<string, 'function' | string[]>;
    calls: Array<{ path: string; example: string; wrongTypes: string[]; missing: string }>;
  };
}

describe('the sandbox agrees with PLUGIN_API (the typed SDK’s source)', () => {
  it.each(PERMISSION_NAMES)('%s: ctx members, example calls, argument checks', async (name) => {
    const { members, calls } = await probe(name);
    const expected: Record<string, 'function' | string[]> = { log: 'function' };
    for (const { path } of PLUGIN_API[name]) {
      const [head, method] = path.split('.') as [string, string | undefined];
      expected[head] = method === undefined ? 'function' : [...((expected[head] as string[]) ?? []), method].sort();
    }
    expect(
      members,
      `ctx of a plugin granted only ${name} differs from PLUGIN_API (packages/shared/src/catalogue/plugin-api.ts); update the data and run \`npm run docs\``,
    ).toEqual(expected);
    for (const call of calls) {
      const method = PLUGIN_API[name].find((m) => m.path === call.path)!;
      expect(call.example, `ctx.${call.path}(${JSON.stringify(method.example)}), the data's example`).toBe('resolved');
      call.wrongTypes.forEach((result, i) =>
        expect(result, `ctx.${call.path} with a number as a typed argument (#${i})`).toMatch(/^TypeError: /),
      );
      expect(call.missing, `ctx.${call.path} without its last required argument`).toMatch(
        /^TypeError: |^none required$/,
      );
    }
  });
});
