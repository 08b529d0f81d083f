import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allQueryShapes, discoveryQuery } from './queries';
import { indexKey, requiredIndexes, type IndexSpec } from './query-indexes';

const declared = new Set(
  (
    JSON.parse(readFileSync(new URL('../../../firestore.indexes.json', import.meta.url), 'utf8')) as {
      indexes: IndexSpec[];
    }
  ).indexes.map(indexKey),
);

describe('Firestore indexes', () => {
  it('exist in firestore.indexes.json for every query the app issues (run `npm run indexes` to add missing ones)', () => {
    const missing = new Set<string>();
    for (const shape of allQueryShapes())
      for (const index of requiredIndexes(shape)) if (!declared.has(indexKey(index))) missing.add(indexKey(index));
    expect([...missing]).toEqual([]);
  });

  it('are really needed: a discovery query with filters and a sort requires one per filter', () => {
    const shape = discoveryQuery({ sort: 'installs', category: 'sensors', q: 'temp' });
    expect(requiredIndexes(shape).map(indexKey)).toEqual([
      'plugins|COLLECTION|visibility:ASCENDING,installCount:DESCENDING',
      'plugins|COLLECTION|discoverable:ASCENDING,installCount:DESCENDING',
      'plugins|COLLECTION|searchTokens:CONTAINS,installCount:DESCENDING',
      'plugins|COLLECTION|categoryFlags.sensors:ASCENDING,installCount:DESCENDING',
    ]);
  });

  it('keep discovery to one array-contains filter (a Firestore rule)', () => {
    for (const shape of allQueryShapes())
      expect(shape.filters.filter((f) => f.op === 'array-contains').length).toBeLessThanOrEqual(1);
  });
});
