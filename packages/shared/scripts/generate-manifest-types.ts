// Generates src/manifest/manifest.generated.ts from schema/plugin.schema.json, the single source
// of truth for the manifest. `npm run gen -w packages/shared` rewrites it; a unit test fails when
// the committed file is stale.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderManifestTypes } from './render-manifest-types.js';

const target = fileURLToPath(new URL('../src/manifest/manifest.generated.ts', import.meta.url));
await writeFile(target, await renderManifestTypes());
console.log(`wrote ${target}`);
