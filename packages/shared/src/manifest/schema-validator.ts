import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import schema from '../../schema/plugin.schema.json' with { type: 'json' };
import type { PluginManifest } from './manifest.generated.js';

export { schema as manifestSchema };

let compiled: ValidateFunction<PluginManifest> | undefined;

/** The manifest validator: ajv, JSON Schema 2020-12, strict, all errors. Compiled once. */
export function manifestValidator(): ValidateFunction<PluginManifest> {
  if (!compiled) {
    const ajv = new Ajv2020({
      strict: true,
      allErrors: true,
      verbose: true,
      discriminator: true,
      // Manifests come from untrusted uploads: never fetch or evaluate anything remote.
      loadSchema: undefined,
    });
    addFormats(ajv, ['uri']);
    compiled = ajv.compile<PluginManifest>(schema);
  }
  return compiled;
}

let stepAjv: Ajv2020 | undefined;

/**
 * The validator for plugin-supplied JSON Schemas (automation step input and output, sensor
 * samples). One instance per process: creating one compiles the 2020-12 meta-schema (~20 ms).
 * Callers remove what they compile (`removeSchema`) so untrusted schemas do not accumulate.
 */
export function stepSchemaAjv(): Ajv2020 {
  if (!stepAjv) {
    stepAjv = new Ajv2020({ strict: true, allErrors: true, validateFormats: true });
    addFormats(stepAjv);
  }
  return stepAjv;
}

export type { ErrorObject };
