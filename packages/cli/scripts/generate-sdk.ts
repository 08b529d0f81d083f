// Writes sdk/index.d.ts, the typed SDK, from the permission catalogue and the ctx API data
// (`npm run docs` runs it); a unit test (src/sdk-render.test.ts) fails when the committed file is stale.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { SDK_FILE, renderSdk } from '../src/sdk-render.js';

const target = fileURLToPath(new URL(`../${SDK_FILE}`, import.meta.url));
await writeFile(target, await renderSdk());
console.log(`wrote ${target}`);
