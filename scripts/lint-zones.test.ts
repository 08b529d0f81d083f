import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The web app's layer rules (eslint.config.js `webZones`, import-x/no-restricted-paths) fire on
 * real imports: each case lints a small source as if it stood at the given path in web/src, with
 * the repository's own configuration, and the imports resolve to the real files.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
let eslint: ESLint;

async function zoneErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'import-x/no-restricted-paths').map((m) => m.message);
}

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

describe('web import zones', () => {
  it("refuses a feature reaching into another feature's internals", async () => {
    const errors = await zoneErrors(
      'web/src/features/catalog/offending.ts',
      "import { InstallPanel } from '../install/components/InstallPanel';\nexport const x = InstallPanel;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('../install/components/InstallPanel');
    expect(errors[0]).toContain('only through its index.ts');
  });

  it("allows a feature to use another feature's public index", async () => {
    const errors = await zoneErrors(
      'web/src/features/plugin/components/Offending.tsx',
      "import { InstallPanel } from '../../install';\nexport const x = InstallPanel;\n",
    );
    expect(errors).toEqual([]);
  });

  it('refuses features using app/ beyond the session and auth hooks', async () => {
    const errors = await zoneErrors(
      'web/src/features/org/components/Offending.tsx',
      [
        "import { router } from '../../../app/router';",
        "import { useSession } from '../../../app/session';",
        "import { useAuth } from '../../../app/AuthProvider';",
        'export const x = [router, useSession, useAuth];',
        '',
      ].join('\n'),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('app/router');
  });

  it('refuses shared layers depending on a feature', async () => {
    const errors = await zoneErrors(
      'web/src/lib/offending.ts',
      "import { DiscoverPage } from '../features/catalog';\nexport const x = DiscoverPage;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('Shared layers');
  });

  it('leaves no import unresolved (an unresolved one would slip past the zones)', async () => {
    const [result] = await eslint.lintText("import { x } from '../install/nowhere';\nexport const y = x;\n", {
      filePath: 'web/src/features/catalog/offending.ts',
    });
    expect(result!.messages.map((m) => m.ruleId)).toContain('import-x/no-unresolved');
  });
});
