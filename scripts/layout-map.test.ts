import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentedTable, layoutRows, referencePaths, renderTable, tableCells } from './layout-map.js';

describe('the layout map in docs/architecture.md', () => {
  it('is the one the code gives (run `npx tsx scripts/layout-map.ts --write` and prettier after a change)', () => {
    const documented = documentedTable();
    expect(documented, 'docs/architecture.md has no layout-map section').toBeDefined();
    expect(tableCells(documented!)).toEqual(tableCells(renderTable(layoutRows())));
  });

  it('resolves every typed reference of documents.ts to its path', () => {
    const refs = referencePaths();
    expect(refs.get('docs.plugin')).toBe('plugins/{pluginId}');
    expect(refs.get('cols.auditLog')).toBe('orgs/{orgId}/auditLog');
    const documents = readFileSync(new URL('../functions/src/lib/documents.ts', import.meta.url), 'utf8');
    const keys = [...documents.matchAll(/export const (docs|cols) = \{([\s\S]*?)\n\};/g)].flatMap(([, group, body]) =>
      [...body!.matchAll(/^ {2}(\w+):/gm)].map(([, key]) => `${group}.${key}`),
    );
    expect(keys.length).toBeGreaterThan(40);
    expect(keys.filter((key) => !refs.has(key))).toEqual([]);
  });

  it('places every deployed function in some folder', () => {
    const placed = layoutRows().flatMap((r) => r.deployed.map((d) => d.split(' ')[0]));
    expect(placed).toContain('install');
    expect(placed).toContain('backupFirestore');
    expect(new Set(placed).size).toBe(placed.length);
  });
});
