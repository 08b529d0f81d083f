import { FieldValue, Timestamp, type Transaction } from 'firebase-admin/firestore';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cols, docs } from './documents.js';

const src = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * Never called: the compiler checks these writes (`npm run typecheck`). Each `@ts-expect-error`
 * is a write the document types refuse; if one started to compile, the directive would fail.
 */
export function writesAreTyped(tx: Transaction) {
  const listing = docs.plugin('botworks.weather');
  tx.update(listing, { installCount: FieldValue.increment(1), 'rating.average': 4.5 });
  // @ts-expect-error installCount is a number
  tx.update(listing, { installCount: 'many' });
  // @ts-expect-error a listing has no such field
  tx.update(listing, { instalCount: 1 });
  tx.set(docs.catalogStats(), { plugins: FieldValue.increment(1) }, { merge: true });
  // @ts-expect-error a whole document needs every field
  tx.set(docs.artifactLock('botworks.weather', '1.0.0'), { uploadId: 'up1' });
  tx.set(docs.artifactLock('botworks.weather', '1.0.0'), { uploadId: 'up1', lockedAt: Timestamp.now() });
  // @ts-expect-error the state is one of the upload states
  void docs.upload('up1').update({ state: 'done' });
  // Queries keep the document type: their snapshots read typed documents.
  void cols
    .uploads()
    .where('state', '==', 'received')
    .get()
    .then((snap) => snap.docs.map((d) => d.data().state satisfies string));
}

describe('the functions source layout', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
    );
  const sources = files(src).filter((f) => !f.endsWith('.test.ts'));

  it('reads and writes Firestore only through the typed references (no casts of written data)', () => {
    const offenders = sources
      .filter((f) => !f.endsWith(path.join('lib', 'documents.ts')))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${path.relative(src, f)}:${i + 1}` }))
          .filter(({ line }) =>
            /db\.(doc|collection|collectionGroup)\(|\.data\(\) as |\bpaths\.|\bcollections\.|as (WithFieldValue|UpdateData|PartialWithFieldValue)</.test(
              line,
            ),
          ),
      )
      .map(({ at }) => at);
    expect(offenders).toEqual([]);
  });

  it('has no import cycles between its folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const file of sources) {
      const from = path.relative(src, file).split(path.sep)[0]!;
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const to = path.relative(src, path.resolve(path.dirname(file), spec!)).split(path.sep)[0]!;
        if (to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    const reaches = (a: string, b: string, seen = new Set<string>()): boolean =>
      a === b || (!seen.has(a) && (seen.add(a), [...(edges.get(a) ?? [])].some((n) => reaches(n, b, seen))));
    const cycles = [...edges].flatMap(([a, tos]) => [...tos].filter((b) => reaches(b, a)).map((b) => `${a} -> ${b}`));
    expect(cycles).toEqual([]);
  });

  it('defines every configuration param in lib/config.ts', () => {
    const elsewhere = sources
      .filter((f) => !f.endsWith(path.join('lib', 'config.ts')))
      .filter((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .some(
            (line) => !/^\s*(\*|\/\/|\/\*)/.test(line) && /\bdefine(String|Secret|Int|Boolean|Float|List)\(/.test(line),
          ),
      )
      .map((f) => path.relative(src, f));
    expect(elsewhere).toEqual([]);
  });

  it('names each deployed function after its file, and binds a domain function of the same name', () => {
    for (const file of sources.filter((f) => path.dirname(f) === path.join(src, 'functions'))) {
      const name = path.basename(file, '.ts');
      const text = readFileSync(file, 'utf8');
      expect(text, name).toContain(`export const ${name} =`);
      const bound = /callable\(contract, (\w+)\.(\w+)/.exec(text);
      if (bound) expect(bound[2], name).toBe(name);
    }
  });
});
