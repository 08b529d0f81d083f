import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ID_PATTERNS, PLUGIN_ID, PUBLISHER_ID } from './id-patterns.js';

const schema = JSON.parse(readFileSync(new URL('../schema/plugin.schema.json', import.meta.url), 'utf8')) as {
  properties: Record<string, { pattern?: string }>;
};

describe('id patterns', () => {
  it('are the ones the published manifest schema spells', () => {
    expect(schema.properties.id?.pattern).toBe(ID_PATTERNS.plugin);
    expect(schema.properties.publisher?.pattern).toBe(ID_PATTERNS.publisher);
  });

  it('accept and refuse what they say', () => {
    expect(PLUGIN_ID.test('acme.thermo-sense')).toBe(true);
    expect(PUBLISHER_ID.test('acme')).toBe(true);
    for (const bad of ['Acme.x', 'acme', 'acme..x', 'a.b', 'acme.-x', 'acme.x--y', '__proto__.x']) {
      expect(PLUGIN_ID.test(bad), bad).toBe(false);
    }
    for (const bad of ['a', '-acme', 'acme-', 'ac--me', 'ACME', 'a'.repeat(41)]) {
      expect(PUBLISHER_ID.test(bad), bad).toBe(false);
    }
  });
});
