import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderManifestValidator, renderMetaValidator } from '../../scripts/render-validators.js';
import { manifestFor } from '../testing/manifest.js';
import { META_2020_ID, newManifestAjv, newStepAjv } from './ajv-setup.js';
import { describeSchemaError } from './messages.js';
import { checkStepSchema, manifestSchema, manifestValidator } from './schema-validator.js';

const read = (name: string): Promise<string> => readFile(new URL(name, import.meta.url), 'utf8');
const examples = new URL('../../../../examples/', import.meta.url);
const exampleManifests: Record<string, unknown>[] = readdirSync(examples, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => JSON.parse(readFileSync(new URL(`${d.name}/plugin.json`, examples), 'utf8')) as Record<string, unknown>);

const WRONG_VALUES: unknown[] = [null, 7, -1, 'x', '', true, [], {}, [1], { unknown: 1 }, 'a'.repeat(5000)];

/** Every example and fixture manifest, and each with one field removed, retyped or added. */
function manifestCorpus(): unknown[] {
  const bases: Record<string, unknown>[] = [
    ...exampleManifests,
    manifestFor('acme.echo') as unknown as Record<string, unknown>,
  ];
  const out: unknown[] = [null, 1, 'plugin', [], {}];
  for (const base of bases) {
    out.push(base);
    for (const key of [...Object.keys(base), 'extra']) {
      const { [key]: _removed, ...rest } = base;
      out.push(rest);
      for (const wrong of WRONG_VALUES) out.push({ ...base, [key]: wrong });
    }
    const capabilities = (base.capabilities ?? []) as Record<string, unknown>[];
    capabilities.forEach((capability, i) => {
      for (const key of [...Object.keys(capability), 'extra']) {
        const { [key]: _removed, ...rest } = capability;
        const variants = [rest, ...WRONG_VALUES.map((wrong) => ({ ...capability, [key]: wrong }))];
        for (const variant of variants) {
          out.push({ ...base, capabilities: capabilities.map((c, j) => (j === i ? variant : c)) });
        }
      }
    });
    const permissions = (base.permissions ?? []) as unknown[];
    for (const wrong of WRONG_VALUES) out.push({ ...base, permissions: [...permissions, wrong] });
  }
  return out;
}

/** Step schemas from the examples, plus ones wrong against the meta-schema in different ways. */
function stepSchemaCorpus(): object[] {
  const fromExamples = exampleManifests.flatMap((m) =>
    ((m.capabilities ?? []) as Record<string, unknown>[]).flatMap((c) =>
      ['inputSchema', 'outputSchema', 'sampleSchema'].map((k) => c[k]).filter((s) => typeof s === 'object' && s),
    ),
  ) as object[];
  return [
    ...fromExamples,
    {},
    { $schema: META_2020_ID, type: 'object' },
    { type: 'strin' },
    { type: ['string', 3] },
    { properties: { a: { minimum: 'x' } } },
    { required: 'a' },
    { items: [{}] },
    { $id: 7 },
    { format: 3, minLength: -1 },
    { enum: [] },
    { allOf: {} },
    { additionalProperties: { type: 'number', maximum: '1' }, prefixItems: 2 },
  ];
}

describe('precompiled validators', () => {
  it('are generated from the current schema and ajv (run `npm run docs` after changing either)', async () => {
    expect(await read('./manifest-validator.generated.ts')).toBe(await renderManifestValidator());
    expect(await read('./meta-validator.generated.ts')).toBe(renderMetaValidator());
  });

  it('the manifest schema is valid against the 2020-12 meta-schema (run time no longer checks it)', () => {
    const ajv = newManifestAjv();
    expect(ajv.validateSchema(manifestSchema), ajv.errorsText()).toBe(true);
  });

  it('give the same verdicts, errors and messages as ajv compiling the manifest schema', () => {
    const reference = newManifestAjv().compile(manifestSchema);
    const fast = manifestValidator();
    const corpus = manifestCorpus();
    let failing = 0;
    for (const value of corpus) {
      const expected = reference(value);
      expect(fast(value)).toBe(expected);
      expect(fast.errors ?? null).toEqual(reference.errors ?? null);
      expect((fast.errors ?? []).map(describeSchemaError)).toEqual((reference.errors ?? []).map(describeSchemaError));
      if (!expected) failing += 1;
    }
    // The corpus exercises both answers.
    expect(failing).toBeGreaterThan(100);
    expect(corpus.length - failing).toBeGreaterThan(exampleManifests.length - 1);
  });

  it('check step schemas as ajv.validateSchema does', () => {
    const reference = newStepAjv();
    let invalid = 0;
    for (const schema of stepSchemaCorpus()) {
      const valid = reference.validateSchema(schema);
      const errors = checkStepSchema(schema);
      expect(errors === undefined).toBe(valid);
      expect(errors ?? null).toEqual(reference.errors ?? null);
      if (!valid) invalid += 1;
    }
    expect(invalid).toBeGreaterThan(8);
  });
});
