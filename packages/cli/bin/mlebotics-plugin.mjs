#!/usr/bin/env node
// The CLI is bundled into dist/ by `npm run build -w packages/cli` (npm test and npm start build it).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/mlebotics-plugin.mjs', import.meta.url);
if (!existsSync(bundle)) {
  console.error('mlebotics-plugin is not built yet: run `npm run build -w packages/cli` first.');
  process.exit(2);
}
await import(bundle.href);
