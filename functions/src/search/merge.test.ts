import { FIXTURE_NOW_MS, listingFixture } from '@mlebotics/testing';
import { describe, expect, it } from 'vitest';
import { SearchEngine } from './engine.js';
import { merge } from './merge.js';
import type { SearchQuery, SearchSort } from './types.js';

const engineOf = (ids: string[], installs: (i: number) => number) => {
  const engine = new SearchEngine({ now: () => FIXTURE_NOW_MS });
  ids.forEach((id, i) =>
    engine.index(listingFixture({ id, name: `Gripper ${id}`, installCount: installs(i), deprecated: i % 9 === 4 })),
  );
  return engine;
};

// Sorts that do not depend on relevance (each engine's term statistics differ, so relevance
// scores of two engines are not those of one holding both).
describe('merge of public and private results', () => {
  const publicIds = Array.from({ length: 30 }, (_, i) => `pub.g${i}`);
  const privateIds = Array.from({ length: 10 }, (_, i) => `org.g${i}`);
  const publicEngine = engineOf(publicIds, (i) => 1000 + i * 37);
  const privateEngine = engineOf(privateIds, (i) => 1010 + i * 101);
  const together = engineOf([...publicIds, ...privateIds], (i) => (i < 30 ? 1000 + i * 37 : 1010 + (i - 30) * 101));

  it.each<[SearchSort, number]>([
    ['installs', 0],
    ['installs', 2],
    ['name', 3],
  ])('pages as one engine holding both would (sort %s, page %i), every page past the first too', (sort, page) => {
    const pageSize = 7;
    const asked: SearchQuery = { text: 'gripper', filters: {}, sort, page, pageSize };
    const upTo: SearchQuery = { ...asked, page: 0, pageSize: (page + 1) * pageSize };
    const merged = merge(asked, [
      { engine: publicEngine, isPrivate: false, result: publicEngine.search(upTo) },
      { engine: privateEngine, isPrivate: true, result: privateEngine.search(upTo) },
    ]);
    const expected = together.search(asked).hits.map((h) => h.id);
    expect(merged.hits.map((h) => h.id)).toEqual(expected);
    expect(merged.hits.map((h) => h.private)).toEqual(expected.map((id) => id.startsWith('org.')));
    expect(merged.total).toBe(40);
  });
});
