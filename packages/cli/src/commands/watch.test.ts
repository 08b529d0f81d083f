import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WATCH_DEBOUNCE_MS, watchDirectory } from './watch.js';

let dir: string;
let fixtures: string;
const settle = () => new Promise((resolve) => setTimeout(resolve, WATCH_DEBOUNCE_MS * 4));

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mle-watch-'));
  fixtures = path.join(os.tmpdir(), `${path.basename(dir)}-fixtures.json`);
  await writeFile(fixtures, '{}');
  await writeFile(path.join(dir, 'index.js'), 'export default {};\n');
  await mkdir(path.join(dir, 'test'));
  await mkdir(path.join(dir, '.mlebotics'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(fixtures, { force: true });
});

describe('run --watch', () => {
  it('re-runs once per burst of packed-file changes and for the fixtures, never for ignored files or the storage', async () => {
    let runs = 0;
    const stop = new AbortController();
    const watching = watchDirectory(dir, { fixturesFile: fixtures }, async () => void (runs += 1), stop.signal);
    await settle();
    for (let i = 0; i < 5; i += 1) await writeFile(path.join(dir, 'index.js'), `export default {}; // ${i}\n`);
    await settle();
    expect(runs).toBe(1);
    await writeFile(path.join(dir, '.mlebotics', 'storage.json'), '{"a":1}');
    await writeFile(path.join(dir, 'test', 'x.test.js'), '// a test\n');
    await writeFile(path.join(dir, 'debug.log'), 'log\n');
    await settle();
    expect(runs).toBe(1);
    await writeFile(fixtures, '{"sensors":{}}');
    await settle();
    expect(runs).toBe(2);
    await writeFile(path.join(dir, '.pluginignore'), 'draft.md\n');
    await settle();
    expect(runs).toBe(3);
    await writeFile(path.join(dir, 'draft.md'), '# draft\n');
    await settle();
    expect(runs).toBe(3);
    stop.abort();
    expect(await watching).toBe(0);
  });
});
