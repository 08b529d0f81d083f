import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderGeneratedSections } from '../scripts/render-docs.js';

describe('docs/publishing.md', () => {
  it('has its generated sections up to date with the schema, catalogue, limits and error codes (run `npm run docs`)', async () => {
    const committed = await readFile(new URL('../../../docs/publishing.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderGeneratedSections(committed));
    for (const section of ['limits', 'manifest-reference', 'permission-catalogue', 'error-codes', 'scan-rules']) {
      expect(committed).toMatch(new RegExp(`<!-- generated:${section} -->\\n[#|]`));
    }
  });
});
