// `npm run indexes`: adds to firestore.indexes.json every composite index the web app's queries
// (web/src/lib/queries.ts) need, keeping the ones already declared (server-side queries).
import { readFile, writeFile } from 'node:fs/promises';
import { allQueryShapes } from '../web/src/lib/queries.js';
import { indexKey, requiredIndexes, type IndexSpec } from '../web/src/lib/query-indexes.js';

const file = new URL('../firestore.indexes.json', import.meta.url);
const config = JSON.parse(await readFile(file, 'utf8')) as { indexes: IndexSpec[]; fieldOverrides: unknown[] };
const byKey = new Map(config.indexes.map((index) => [indexKey(index), index]));
let added = 0;
for (const shape of allQueryShapes()) {
  for (const index of requiredIndexes(shape)) {
    if (!byKey.has(indexKey(index))) {
      byKey.set(indexKey(index), index);
      added++;
    }
  }
}
config.indexes = [...byKey.values()].sort((a, b) => indexKey(a).localeCompare(indexKey(b)));
await writeFile(file, `${JSON.stringify(config, null, 2)}\n`);
console.log(`firestore.indexes.json: ${config.indexes.length} indexes (${added} added)`);
