import { describe, expect, it } from 'vitest';
import schema from '../../schema/plugin.schema.json' with { type: 'json' };
import { CATEGORIES, PERMISSIONS, PERMISSION_NAMES } from './index.js';

// The catalogue writes out what the schema also says (so that the console does not ship the
// schema); the compiler checks names and fields through the generated types, this the order.
describe('the catalogue and the manifest schema', () => {
  type Def = { properties?: Record<string, { const?: string }> };
  const defs = Object.values(schema.$defs as Record<string, Def>);

  it('lists the categories of the schema, in its order', () => {
    expect(CATEGORIES).toEqual(schema.$defs.category.enum);
  });

  it('gives each permission the scope fields the schema declares for it', () => {
    for (const name of PERMISSION_NAMES) {
      const def = defs.find((d) => d.properties?.name?.const === name);
      const scope = Object.keys(def?.properties ?? {}).filter((key) => key !== 'name' && key !== 'reason');
      expect(PERMISSIONS[name].scope, name).toEqual(scope);
    }
    expect(defs.filter((d) => d.properties?.name?.const !== undefined)).toHaveLength(PERMISSION_NAMES.length);
  });
});
