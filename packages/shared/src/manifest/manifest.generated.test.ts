import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderManifestTypes } from '../../scripts/render-manifest-types.js';

describe('manifest types', () => {
  it('are generated from the current schema (run `npm run gen -w packages/shared` after editing it)', async () => {
    const committed = await readFile(new URL('./manifest.generated.ts', import.meta.url), 'utf8');
    expect(committed).toBe(await renderManifestTypes());
  });
});
