import { readFile } from 'node:fs/promises';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

const schemaPath = new URL('../schema/plugin.schema.json', import.meta.url);

/** Renders the TypeScript types of the manifest schema. */
export async function renderManifestTypes(): Promise<string> {
  const schema = JSON.parse(await readFile(schemaPath, 'utf8')) as JSONSchema;
  return compile(schema, 'PluginManifest', {
    bannerComment: '/* Generated from schema/plugin.schema.json by scripts/generate-manifest-types.ts. Do not edit. */',
    additionalProperties: false,
    unreachableDefinitions: false,
    strictIndexSignatures: true,
    maxItems: -1,
    style: { singleQuote: true, printWidth: 100 },
  });
}
