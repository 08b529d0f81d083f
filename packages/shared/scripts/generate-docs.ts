// Rewrites the generated sections of docs/publishing.md (`npm run docs`); a unit test fails
// when the committed document is stale.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderGeneratedSections } from './render-docs.js';

const target = fileURLToPath(new URL('../../../docs/publishing.md', import.meta.url));
await writeFile(target, renderGeneratedSections(await readFile(target, 'utf8')));
console.log(`wrote ${target}`);
