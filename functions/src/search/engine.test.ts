import { FIXTURE_NOW_MS, listingFixture } from '@mlebotics/testing';
import { describe, expect, it } from 'vitest';
import { SearchEngine } from './engine.js';
import type { SearchDocument, SearchQuery, SearchResult } from './types.js';

const DAY = 86_400_000;

function engineOf(docs: SearchDocument[]): SearchEngine {
  const engine = new SearchEngine({ now: () => FIXTURE_NOW_MS });
  engine.indexAll(docs);
  return engine;
}

const query = (text: string, rest: Partial<SearchQuery> = {}): SearchQuery => ({
  text,
  filters: {},
  sort: 'relevance',
  page: 0,
  pageSize: 20,
  ...rest,
});

const ids = (result: SearchResult) => result.hits.map((h) => h.id);

describe('ranking', () => {
  it('smooths ratings: 200 four-star reviews beat 1 five-star review', () => {
    const engine = engineOf([
      listingFixture({ id: 'a.one-review', name: 'Gripper Tool', rating: { count: 1, average: 5 } }),
      listingFixture({ id: 'b.many-reviews', name: 'Gripper Tool', rating: { count: 200, average: 4 } }),
    ]);
    expect(ids(engine.search(query('gripper')))).toEqual(['b.many-reviews', 'a.one-review']);
    expect(ids(engine.search(query('', { sort: 'rating' })))).toEqual(['b.many-reviews', 'a.one-review']);
  });

  it('ranks deprecated plugins last, whatever their quality and the sort', () => {
    const engine = engineOf([
      listingFixture({ id: 'a.old', name: 'Lidar Driver', deprecated: true, installCount: 90_000 }),
      listingFixture({ id: 'b.new', name: 'Lidar Driver', installCount: 3 }),
    ]);
    for (const sort of ['relevance', 'installs', 'name'] as const) {
      expect(ids(engine.search(query('lidar', { sort })))).toEqual(['b.new', 'a.old']);
    }
  });

  it('boosts verified publishers, other things equal', () => {
    const engine = engineOf([
      listingFixture({ id: 'a.plain', name: 'Sonar Reader' }),
      listingFixture({ id: 'b.verified', name: 'Sonar Reader', publisherVerified: true }),
    ]);
    expect(ids(engine.search(query('sonar')))[0]).toBe('b.verified');
  });

  it('puts a name match before a summary match, even of a better-rated plugin', () => {
    const engine = engineOf([
      listingFixture({
        id: 'a.popular',
        name: 'Fleet Viewer',
        summary: 'Shows the conveyor state.',
        rating: { count: 300, average: 4.9 },
        installCount: 50_000,
      }),
      listingFixture({ id: 'b.named', name: 'Conveyor Mover' }),
    ]);
    expect(ids(engine.search(query('conveyor')))).toEqual(['b.named', 'a.popular']);
  });

  it('sorts by installs, recency and name on request', () => {
    const engine = engineOf([
      listingFixture({ id: 'a.b', name: 'Beta Arm', installCount: 5, updatedAtMs: FIXTURE_NOW_MS - DAY }),
      listingFixture({ id: 'a.a', name: 'alpha Arm', installCount: 50, updatedAtMs: FIXTURE_NOW_MS - 90 * DAY }),
    ]);
    expect(ids(engine.search(query('arm', { sort: 'installs' })))).toEqual(['a.a', 'a.b']);
    expect(ids(engine.search(query('arm', { sort: 'recent' })))).toEqual(['a.b', 'a.a']);
    expect(ids(engine.search(query('arm', { sort: 'name' })))).toEqual(['a.a', 'a.b']);
  });
});

describe('matching', () => {
  const engine = engineOf([
    listingFixture({ id: 'x.thermo', name: 'Thermometer Bridge', summary: 'Reads probes.' }),
    listingFixture({ id: 'x.alerts', name: 'Slack Notifier', keywords: ['alerts'] }),
    listingFixture({ id: 'x.pick', name: 'Pick & Place Planner', summary: 'Plans grasps for robot cells.' }),
    listingFixture({ id: 'x.sensors', name: 'Sensors Hub' }),
    listingFixture({ id: 'x.panel', name: 'Line Panel', readmeHeadings: ['Installation', 'Gauge layouts'] }),
  ]);
  const top = (text: string) => ids(engine.search(query(text)))[0];

  it('finds synonyms from the curated table', () => {
    expect(top('temperature')).toBe('x.thermo');
    expect(top('notification')).toBe('x.alerts');
    expect(top('dashboard')).toBe('x.panel');
  });

  it('matches plural and singular, in any word order, with or without punctuation', () => {
    expect(top('sensor')).toBe('x.sensors');
    expect(top('planners')).toBe('x.pick');
    expect(top('place pick')).toBe('x.pick');
    expect(top('pick & place')).toBe('x.pick');
  });

  it('tolerates typos scaled to the word and completes the last word', () => {
    expect(top('slak')).toBe('x.alerts');
    // Two neighbouring letters swapped are one typo, also in the word being typed.
    expect(top('slakc')).toBe('x.alerts');
    expect(top('alrets')).toBe('x.alerts');
    expect(top('thermomter')).toBe('x.thermo');
    expect(top('pick plase')).toBe('x.pick');
    expect(top('notif')).toBe('x.alerts');
    expect(engine.search(query('pik')).total).toBe(0); // 3 letters: no typo allowed
  });

  it('searches README headings, but not boilerplate ones', () => {
    expect(top('gauge')).toBe('x.panel');
    expect(engine.search(query('installation ')).total).toBe(0);
  });

  it('highlights matched words as [start, end) ranges', () => {
    const hit = engine.search(query('pick plase')).hits[0]!;
    expect(hit.highlights.name).toEqual([
      [0, 4],
      [7, 12],
    ]);
  });
});

describe('facets', () => {
  const engine = engineOf([
    listingFixture({ id: 'p.a', name: 'Camera A', categories: ['vision'], priceClass: 'paid' }),
    listingFixture({ id: 'p.b', name: 'Camera B', categories: ['vision', 'sensors'] }),
    listingFixture({ id: 'p.c', name: 'Camera C', categories: ['sensors'], rating: { count: 3, average: 4.5 } }),
    listingFixture({ id: 'p.d', name: 'Motor D', categories: ['vision'], permissionFlags: ['actuators_command'] }),
  ]);

  it('counts for the query, each facet under the other filters only (disjunctive)', () => {
    const result = engine.search(query('camera', { filters: { category: 'vision', price: 'free' } }));
    expect(ids(result)).toEqual(['p.b']);
    // category counts: query + price filter only; price counts: query + category filter only.
    expect(result.facets.category).toEqual({ sensors: 2, vision: 1 });
    expect(result.facets.price).toEqual({ free: 1, paid: 1 });
    expect(result.facets.permission).toEqual({ none: 1 });
    expect(engine.search(query('camera')).facets.minRating).toEqual({ '1': 1, '2': 1, '3': 1, '4': 1 });
  });
});

describe('did you mean', () => {
  const engine = engineOf([
    listingFixture({ id: 'w.weather', name: 'Weather Station' }),
    listingFixture({ id: 'w.dash', name: 'Fleet Dashboard' }),
  ]);

  it('suggests the closest name or keyword word for a misspelt one', () => {
    expect(engine.search(query('wether')).suggestion).toBe('weather');
    expect(engine.search(query('fleet dashbord')).suggestion).toBe('fleet dashboard');
    expect(engine.search(query('wetaher')).suggestion).toBe('weather');
    expect(engine.search(query('flete dashboard')).suggestion).toBe('fleet dashboard');
    expect(engine.search(query('xyzzyq')).suggestion).toBeNull();
    expect(engine.search(query('weather')).suggestion).toBeNull();
  });
});

describe('lifecycle', () => {
  const docs = [
    listingFixture({ id: 'r.one', name: 'Relay Tool', summary: 'Switches relays.', readmeHeadings: ['Wiring'] }),
    listingFixture({ id: 'r.two', name: 'Relay Board', categories: ['actuators'], installCount: 40 }),
  ];

  it('remove() removes from results, counts and the index', () => {
    const engine = engineOf(docs);
    engine.remove('r.one');
    engine.remove('r.unknown');
    const result = engine.search(query('relay'));
    expect(ids(result)).toEqual(['r.two']);
    expect(result.total).toBe(1);
    expect(engine.search(query('wiring')).total).toBe(0);
  });

  it('index() of a known id replaces the listing', () => {
    const engine = engineOf(docs);
    engine.index({ ...docs[0]!, name: 'Valve Tool', summary: 'Opens valves.' });
    expect(ids(engine.search(query('relay')))).toEqual(['r.two']);
    expect(ids(engine.search(query('valve')))).toEqual(['r.one']);
  });

  it('gives identical results after serialize and load', () => {
    const engine = engineOf(docs);
    const loaded = SearchEngine.load(engine.serialize(), { now: () => FIXTURE_NOW_MS });
    for (const text of ['relay', 'rely', 'wiring', 'switch', '', 'boards']) {
      expect(loaded.search(query(text))).toEqual(engine.search(query(text)));
    }
    expect(() => SearchEngine.load(Buffer.from('{"version":99}'))).toThrow(/rebuild it/);
    const bytes = Buffer.from(engine.serialize());
    expect(() => SearchEngine.load(bytes.subarray(0, bytes.length - 4))).toThrow(/cut short/);
    bytes.writeUInt32LE(99, 4);
    expect(() => SearchEngine.load(bytes)).toThrow();
  });
});
