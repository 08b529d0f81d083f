import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAPABILITY_ID, ID_PATTERNS, ORG_ID, PLUGIN_ID, PUBLISHER_ID, htmlPattern } from './id-patterns.js';

const schema = JSON.parse(readFileSync(new URL('../schema/plugin.schema.json', import.meta.url), 'utf8')) as {
  properties: Record<string, { pattern?: string }>;
  $defs: Record<string, { pattern?: string }>;
};

describe('id patterns', () => {
  it('are the ones the published manifest schema spells', () => {
    expect(schema.properties.id?.pattern).toBe(ID_PATTERNS.plugin);
    expect(schema.properties.publisher?.pattern).toBe(ID_PATTERNS.publisher);
    expect(schema.$defs.capabilityId?.pattern).toBe(ID_PATTERNS.capability);
  });

  it('are the only spelling of an id pattern in the code that checks ids', () => {
    // The runtime callables (steps, panels), the CLI's init and the console's forms and filters
    // once spelled their own, looser patterns; they import these now.
    const sources = {
      '../../cli/src/commands/init.ts': 'PLUGIN_ID',
      './api/runtime.ts': 'CAPABILITY_ID',
      '../../../web/src/features/org/components/CreateOrgForm.tsx': 'ID_PATTERNS.org',
      '../../../web/src/features/catalog/hooks/use-discovery-filters.ts': 'PUBLISHER_ID',
    };
    for (const [file, name] of Object.entries(sources)) {
      const text = readFileSync(new URL(file, import.meta.url), 'utf8');
      expect(text, file).toContain(name);
      expect(text, file).not.toMatch(/\[a-z0-9-?\]\{\d/);
      expect(text, file).not.toMatch(/-\?\[a-z0-9\]\)/);
    }
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
    expect(ORG_ID.test('acme-robotics')).toBe(true);
    for (const bad of ['ac', '-acme', 'ac--me', 'a'.repeat(41)]) expect(ORG_ID.test(bad), bad).toBe(false);
    for (const good of ['convert', 'a', 'read-temp2', 'a'.repeat(40)])
      expect(CAPABILITY_ID.test(good), good).toBe(true);
    for (const bad of ['2convert', '-x', 'Convert', 'a'.repeat(41), ''])
      expect(CAPABILITY_ID.test(bad), bad).toBe(false);
  });

  it('give the browser the same pattern for a form field', () => {
    const field = new RegExp(`^(?:${htmlPattern(ID_PATTERNS.org)})$`, 'v');
    for (const id of ['acme', 'acme-robotics', 'ac', 'ac--me', '-acme'])
      expect(field.test(id), id).toBe(ORG_ID.test(id));
  });
});
