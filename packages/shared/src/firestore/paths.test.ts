import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collections, objectPaths } from './paths.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) return filesUnder(rel, keep);
    return keep(rel) ? [rel] : [];
  });
}

const names = [...Object.values(collections), 'registry', 'dev-builds'].join('|');
/** A path literal that starts with a collection or bucket folder, or a collection named by a literal. */
const handWritten = new RegExp(
  `['\`](?:${names})/|(?:collection|collectionGroup|doc)\\([^,()]*,\\s*'(?:${names})'|\\.(?:collection|collectionGroup)\\('(?:${names})'`,
);

describe('objectPaths', () => {
  it('parses the upload paths it builds, and nothing else', () => {
    const built = objectPaths.upload('alice', 'up-1');
    expect(objectPaths.inUploads(built)).toBe(true);
    expect(objectPaths.parseUpload(built)).toEqual({ uid: 'alice', uploadId: 'up-1' });
    const stray = `${built}.exe`;
    expect(objectPaths.inUploads(stray)).toBe(true);
    expect(objectPaths.parseUpload(stray)).toBeUndefined();
    const artifact = objectPaths.artifact('acme.x', '1.0.0');
    expect(objectPaths.inUploads(artifact)).toBe(false);
    expect(objectPaths.parseUpload(artifact)).toBeUndefined();
  });
});

describe('paths are built, not spelled', () => {
  // Code (not comments) in the functions (their tests too) and the rules tests builds every
  // Firestore and Storage path from this module. search/ is guarded by its owners; the corpus
  // test lists a publisher's registry objects by a prefix that objectPaths has no builder for.
  const files = [
    ...filesUnder(
      'functions/src',
      (f) => f.endsWith('.ts') && !f.includes('/search/') && !f.endsWith('corpus.int.test.ts'),
    ),
    ...filesUnder('rules/tests', (f) => f.endsWith('.ts')),
  ];
  it.each(files)('%s', (file) => {
    const code = readFileSync(path.join(root, file), 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line));
    expect(code.filter((line) => handWritten.test(line))).toEqual([]);
  });
});
