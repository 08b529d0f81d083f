import Ajv2020, { _, type Options } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The id of the JSON Schema 2020-12 meta-schema, the only `$schema` step schemas get checked against quickly. */
export const META_2020_ID = 'https://json-schema.org/draft/2020-12/schema';

// Standalone code imports its formats from here; the default ajv-formats sets is built with its
// own copy of ajv's codegen, which this copy of ajv does not recognise as code.
const FORMATS_CODE = _`require("ajv-formats/dist/formats").fullFormats`;

/**
 * The ajv for the manifest schema: JSON Schema 2020-12, strict, all errors, verbose errors (the
 * messages quote the schema), the `uri` format. The precompiled validator is generated from this
 * instance (`scripts/render-validators.ts`), so the two cannot drift apart in their options.
 */
export function newManifestAjv(options: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    verbose: true,
    discriminator: true,
    // Manifests come from untrusted uploads: never fetch or evaluate anything remote.
    loadSchema: undefined,
    ...options,
    code: { formats: FORMATS_CODE, ...options.code },
  });
  addFormats(ajv, ['uri']);
  return ajv;
}

/** The ajv for plugin-supplied JSON Schemas (step input and output, sensor samples): all formats. */
export function newStepAjv(options: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    validateFormats: true,
    ...options,
    code: { formats: FORMATS_CODE, ...options.code },
  });
  addFormats(ajv);
  return ajv;
}
