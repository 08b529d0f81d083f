import type Ajv2020 from 'ajv/dist/2020.js';
import type { AnySchema, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import schema from '../../schema/plugin.schema.json' with { type: 'json' };
import { META_2020_ID, newStepAjv } from './ajv-setup.js';
import generatedManifestValidator from './manifest-validator.generated.js';
import generatedMetaValidator from './meta-validator.generated.js';
import type { PluginManifest } from './manifest.generated.js';

export { schema as manifestSchema };

// The generated modules are untyped JavaScript (`@ts-nocheck`); they are ajv validate functions.
const validateManifest = generatedManifestValidator as unknown as ValidateFunction<PluginManifest>;
const validateMeta2020 = generatedMetaValidator as unknown as ValidateFunction;

/**
 * The manifest validator: ajv, JSON Schema 2020-12, strict, all errors (`newManifestAjv`),
 * precompiled into `manifest-validator.generated.ts` so a cold process (the CLI, a Cloud
 * Function instance) does not spend ~300 ms compiling the schema and the meta-schema.
 */
export function manifestValidator(): ValidateFunction<PluginManifest> {
  return validateManifest;
}

let stepAjv: Ajv2020 | undefined;

/**
 * The validator for plugin-supplied JSON Schemas (automation step input and output, sensor
 * samples). One instance per process. It does not check schemas against the meta-schema itself
 * (that would compile the meta-schema, ~150 ms): compile with `compileStepSchema`, or check with
 * `checkStepSchema` first. Callers remove what they compile (`removeSchema`) so untrusted
 * schemas do not accumulate.
 */
export function stepSchemaAjv(): Ajv2020 {
  stepAjv ??= newStepAjv({ validateSchema: false });
  return stepAjv;
}

/**
 * Checks a plugin-supplied schema against its meta-schema, as `ajv.validateSchema` would:
 * the precompiled 2020-12 validator for the default `$schema`, ajv itself for any other (which
 * then compiles that meta-schema, or throws when ajv does not know it). Returns the errors, or
 * undefined when the schema is valid.
 */
export function checkStepSchema(stepSchema: AnySchema): ErrorObject[] | undefined {
  const $schema =
    typeof stepSchema === 'object' && stepSchema !== null ? (stepSchema as { $schema?: unknown }).$schema : null;
  // Anything else (a boolean schema, a `$schema` that is not a string) is left to ajv's answer.
  if ($schema === undefined || $schema === '' || $schema === META_2020_ID) {
    return validateMeta2020(stepSchema) ? undefined : (validateMeta2020.errors ?? []);
  }
  const ajv = stepSchemaAjv();
  return ajv.validateSchema(stepSchema) ? undefined : (ajv.errors ?? []);
}

/**
 * Compiles a plugin-supplied schema with `stepSchemaAjv`, throwing ajv's own "schema is
 * invalid: …" error when it does not match its meta-schema.
 */
export function compileStepSchema(stepSchema: AnySchema): ValidateFunction {
  const ajv = stepSchemaAjv();
  const errors = checkStepSchema(stepSchema);
  if (errors) throw new Error(`schema is invalid: ${ajv.errorsText(errors)}`);
  return ajv.compile(stepSchema);
}

export type { ErrorObject };
