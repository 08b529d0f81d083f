import { readFile } from 'node:fs/promises';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { META_2020_ID, newManifestAjv, newStepAjv } from '../src/manifest/ajv-setup.js';

const schemaPath = new URL('../schema/plugin.schema.json', import.meta.url);
const STANDALONE = { code: { source: true, esm: true } } as const;

// Standalone code loads ajv's runtime helpers with `require`, which ES modules (and the browser
// bundle) do not have: each becomes an import of the same CommonJS module.
function toModule(code: string, from: string): string {
  const imports = new Map<string, string>();
  const body = code.replace(/require\((?:\\?")([^"\\]+)(?:\\?")\)/g, (_match, specifier: string) => {
    const file = specifier.endsWith('.js') ? specifier : `${specifier}.js`;
    if (!imports.has(file)) imports.set(file, `runtime${imports.size}`);
    return imports.get(file)!;
  });
  // Node gives a CommonJS module's `module.exports` as the namespace's default; bundlers give its
  // `exports.default` when it is marked `__esModule`. Either way `runtimeN` is `module.exports`.
  const head = [...imports]
    .map(
      ([file, name]) =>
        `import * as ${name}Module from '${file}';\nconst ${name} = ${name}Module.default?.__esModule ? ${name}Module.default : ${name}Module;`,
    )
    .join('\n');
  return `// @ts-nocheck\n/* Generated from ${from} by scripts/generate-validators.ts with ajv standalone. Do not edit. */\n${head}\n${body}\n`;
}

/** Renders the precompiled manifest validator (the same options as `newManifestAjv`). */
export async function renderManifestValidator(): Promise<string> {
  const schema = JSON.parse(await readFile(schemaPath, 'utf8')) as object;
  // Compiling here checks the schema against the meta-schema once, so run time need not.
  const ajv = newManifestAjv(STANDALONE);
  return toModule(standaloneCode(ajv, ajv.compile(schema)), 'schema/plugin.schema.json');
}

/** Renders the precompiled JSON Schema 2020-12 meta-schema validator (the options of `newStepAjv`). */
export function renderMetaValidator(): string {
  const ajv = newStepAjv(STANDALONE);
  const validate = ajv.getSchema(META_2020_ID);
  if (!validate) throw new Error(`ajv has no ${META_2020_ID}`);
  return toModule(standaloneCode(ajv, validate), `the meta-schema ${META_2020_ID}`);
}
