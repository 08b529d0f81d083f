import { describe, expect, it } from 'vitest';
import { validateManifestValue } from './validate.js';

// The weak messages a new developer met (issue 19), each now saying what to change.
const enc = new TextEncoder();
const base = {
  id: 'acme.battery',
  name: 'Battery Monitor',
  version: '1.2.0',
  description: 'Watches battery levels and notifies the team.',
  publisher: 'acme',
  license: 'MIT',
  categories: ['monitoring'],
  keywords: ['battery'],
  capabilities: [
    { type: 'automation-step', id: 'check', title: 'Check', inputSchema: { type: 'object' }, outputSchema: {} },
  ],
  permissions: [],
  main: 'index.js',
  engines: { platform: '^1.0.0' },
  icon: 'icon.svg',
  readme: 'README.md',
  repository: 'https://github.com/acme/battery',
};

function messages(extra: Record<string, unknown>): string[] {
  const files: Record<string, Uint8Array> = {
    'index.js': enc.encode('export default { steps: { check: async () => ({}) } };'),
    'icon.svg': enc.encode(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>',
    ),
    'README.md': enc.encode('# Battery'),
  };
  const result = validateManifestValue(
    { ...base, ...extra },
    {
      files: new Map(Object.entries(files).map(([k, v]) => [k, v.byteLength])),
      contents: new Map(Object.entries(files)),
    },
  );
  return result.issues.map((e) => e.message);
}

describe('manifest messages say what to change', () => {
  it('a permission entry keyed "permission" is told to rename it to "name", with an example entry', () => {
    const [message] = messages({ permissions: [{ permission: 'sensors:read', reason: 'Reads the battery' }] });
    expect(message).toBe(
      'permissions[0] has no "name" but an unknown key "permission": rename "permission" to "name". An entry looks like { "name": "network:fetch", "reason": "Reads the forecast", "hosts": ["api.example.com"] }.',
    );
  });

  it('a permission entry with no name at all lists its keys', () => {
    const [message] = messages({ permissions: [{ reason: 'Reads the battery' }] });
    expect(message).toMatch(/^permissions\[0\] must have a string "name" \(its keys: "reason"\)\. An entry looks like/);
  });

  it('a keyword in capitals is told to use lowercase, with the value to use', () => {
    const found = messages({ keywords: ['Battery', 'state of charge'] });
    expect(found).toContain(
      'keywords[0] "Battery" is not in the expected form. A keyword is 1–32 lowercase letters, digits and hyphens (no spaces, no capitals), for example "temperature". Did you mean "battery" (use lowercase)?',
    );
    expect(found.find((m) => m.startsWith('keywords[1]'))).toMatch(/Did you mean "state-of-charge" \(use\)\?$/);
  });
});
