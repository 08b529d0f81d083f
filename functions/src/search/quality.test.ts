import { DEMO_LISTINGS, FIXTURE_NOW_MS, LABELLED_QUERIES, syntheticListings } from '@mlebotics/testing';
import { describe, expect, it } from 'vitest';
import { readmeHeadingsOf, searchDocumentOf } from './document.js';
import { SearchEngine } from './engine.js';
import type { SearchQuery } from './types.js';

// The benchmark (bench/benchmarks/search-engines.ts) runs the same queries against 50,000
// distractors; 5,000 keep the unit suite fast while still burying the demo plugins.
const engine = new SearchEngine({ now: () => FIXTURE_NOW_MS });
engine.indexAll([...syntheticListings(5_000), ...DEMO_LISTINGS]);

const query = (text: string): SearchQuery => ({ text, filters: {}, sort: 'relevance', page: 0, pageSize: 3 });

describe('search quality on the fixture catalogue', () => {
  it('finds the intended plugin in the top 3 for at least 95% of the labelled queries', () => {
    const missed = LABELLED_QUERIES.filter(
      (q) => !engine.search(query(q.query)).hits.some((h) => h.id === q.intendedId),
    );
    expect(LABELLED_QUERIES.length).toBeGreaterThanOrEqual(40);
    expect(missed.length / LABELLED_QUERIES.length, JSON.stringify(missed)).toBeLessThanOrEqual(0.05);
  });

  it.each(['temprature', 'slak', 'dashbord', 'pick plase', 'wether'])(
    'finds a plugin for the misspelt "%s"',
    (text) => {
      expect(engine.search(query(text)).total).toBeGreaterThan(0);
    },
  );

  it.each([
    'a'.repeat(10_000),
    '.*+?^${}()|[]\\/'.repeat(20),
    '\u0000\u0007\u001b[31m\u202e',
    '🤖🔥 роботы 机器人',
    '__proto__',
    'constructor prototype hasOwnProperty',
    '!!!???...',
    Array.from({ length: 50 }, (_, i) => `conveyor${i % 7} mover`).join(' '),
  ])('answers hostile text quickly without throwing (%#)', (text) => {
    const t0 = performance.now();
    const result = engine.search({ ...query(text), filters: { publisherId: '__proto__' }, page: Number.NaN });
    expect(result.total).toBeGreaterThanOrEqual(0);
    expect(performance.now() - t0).toBeLessThan(1_000);
  });
});

describe('searchDocumentOf', () => {
  it('derives the search document from a listing', () => {
    const listing = {
      ...DEMO_LISTINGS[0]!,
      permissionNames: ['sensors:read'],
      permissionFlags: {},
      deprecated: null,
      updatedAt: { toMillis: () => 42 },
    };
    const doc = searchDocumentOf(listing as unknown as Parameters<typeof searchDocumentOf>[0], ['Wiring']);
    expect(doc).toMatchObject({
      id: listing.id,
      permissionFlags: ['sensors_read'],
      deprecated: false,
      updatedAtMs: 42,
    });
    expect(doc.readmeHeadings).toEqual(['Wiring']);
  });
});

describe('readmeHeadingsOf', () => {
  it('keeps the first three heading levels, without their marks', () => {
    expect(readmeHeadingsOf('# Title\ntext\n## Wiring ##\n#### Deep\n### Gauges')).toEqual([
      'Title',
      'Wiring',
      'Gauges',
    ]);
  });
});
