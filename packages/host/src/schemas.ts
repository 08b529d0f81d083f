import type { AutomationStep, PluginManifest } from '@mlebotics/shared';
import { compileStepSchema, stepSchemaAjv } from '@mlebotics/shared/manifest/schema-validator';
import type { JsonValue } from './json.js';

type Validator = (value: JsonValue) => string | undefined;

/** An automation step of a loaded plugin, with its schemas compiled. */
export interface CompiledStep {
  capability: AutomationStep;
  /** Undefined when the value matches, else what is wrong (the first few problems). */
  checkInput: Validator;
  checkOutput: Validator;
}

const MAX_REPORTED = 5;

function compile(schema: object, what: string): Validator {
  // The same ajv instance and options as publish-time validation, so a schema that passed there
  // compiles here. Compiled functions keep working after removeSchema, which keeps one plugin's
  // `$id` from clashing with another's.
  let validate: ReturnType<typeof compileStepSchema>;
  try {
    validate = compileStepSchema(schema);
  } finally {
    stepSchemaAjv().removeSchema(schema);
  }
  return (value) => {
    if (validate(value)) return undefined;
    const errors = validate.errors ?? [];
    const shown = errors
      .slice(0, MAX_REPORTED)
      .map((e) => `${e.instancePath === '' ? what : `${what}${e.instancePath}`} ${e.message ?? 'is invalid'}`);
    if (errors.length > MAX_REPORTED) shown.push(`and ${errors.length - MAX_REPORTED} more`);
    return shown.join('; ');
  };
}

/** Compiles the input and output schemas of every automation step of a manifest. */
export function compileSteps(manifest: PluginManifest): Map<string, CompiledStep> {
  const steps = new Map<string, CompiledStep>();
  for (const capability of manifest.capabilities) {
    if (capability.type !== 'automation-step') continue;
    steps.set(capability.id, {
      capability,
      checkInput: compile(capability.inputSchema, 'input'),
      checkOutput: compile(capability.outputSchema, 'output'),
    });
  }
  return steps;
}
