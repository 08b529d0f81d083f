// Generates the precompiled ajv validators (src/manifest/*-validator.generated.ts) so no process
// compiles the manifest schema or the 2020-12 meta-schema at start. `npm run docs` rewrites them;
// a unit test fails when the committed files are stale.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderManifestValidator, renderMetaValidator } from './render-validators.js';

const dir = new URL('../src/manifest/', import.meta.url);
for (const [name, code] of [
  ['manifest-validator.generated.ts', await renderManifestValidator()],
  ['meta-validator.generated.ts', renderMetaValidator()],
] as const) {
  const target = fileURLToPath(new URL(name, dir));
  await writeFile(target, code);
  console.log(`wrote ${target}`);
}
