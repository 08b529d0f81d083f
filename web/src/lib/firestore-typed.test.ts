import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [file] : [];
  });
}

describe('Firestore in the web app', () => {
  // Every reference is made by lib/firestore.ts (typedDoc, toQuery) with its kind's converter:
  // reads parse with the schema and writes (set, update) are typed by the stored shape.
  const files = sources(src).filter((file) => path.relative(src, file) !== path.join('lib', 'firestore.ts'));
  it.each(files.map((file) => path.relative(src, file)))('%s makes no untyped reference', (file) => {
    const text = readFileSync(path.join(src, file), 'utf8');
    expect(text).not.toMatch(/\b(?:doc|collection|collectionGroup)\(db\b/);
  });
});
