// The typed SDK: generated from the current catalogue, a correct plugin compiles against it, and
// each misuse a plugin author can make fails to compile with the expected error where it is made.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SDK_FILE, renderSdk } from './sdk-render.js';

const SDK = fileURLToPath(new URL(`../${SDK_FILE}`, import.meta.url));

const CORRECT = `
import type { Context, JsonValue, Plugin, Step } from '@mlebotics/plugin-cli/sdk';
type Permissions = 'sensors:read' | 'storage:plugin' | 'network:fetch';
interface ReadInput { sensorId: string }
interface ReadOutput { reading: JsonValue; count: number; tags?: string[]; history: Array<{ at: string }> }
const read: Step<ReadInput, ReadOutput, 'sensors:read' | 'storage:plugin'> = async (input, ctx) => {
  const reading = await ctx.sensors.read(input.sensorId, { window: 10 });
  const seen = await ctx.storage.get('count');
  const count = (typeof seen === 'number' ? seen : 0) + 1;
  await ctx.storage.set('count', count);
  const keys: string[] = await ctx.storage.list();
  ctx.log('read', input.sensorId, { keys });
  return { reading, count, history: [{ at: new Date().toISOString() }] };
};
const status: Step<{ host: string }, { ok: boolean; status: number }, 'network:fetch'> = async (input, ctx) => {
  const response = await ctx.fetch('https://' + input.host + '/status', { method: 'POST', headers: { accept: 'text/plain' }, body: '{}' });
  return { ok: response.ok, status: response.status };
};
const echo: Step = (input) => input;
const logOnly = (ctx: Context) => ctx.log('no permissions needed');
void logOnly;
export default {
  steps: {
    read,
    status,
    echo,
    async inline(input: { a: number }, ctx) {
      ctx.log(input.a);
      return { doubled: input.a * 2 };
    },
  },
} satisfies Plugin<Permissions>;
`;

/** Each misuse, with the error TypeScript must report on its marked line. */
const MISUSES: Array<{ name: string; code: number; source: string }> = [
  {
    name: 'a bridge of a permission the step does not declare',
    code: 2339,
    source: `const s: Step<{}, { x: number }, 'sensors:read'> = async (_i, ctx) => {
      await ctx.fetch('https://api.example.com/'); // error
      return { x: 1 };
    };`,
  },
  {
    name: 'any bridge on a ctx without permissions',
    code: 2339,
    source: `const f = (ctx: Context) => ctx.storage; // error`,
  },
  {
    name: "a step whose permissions the plugin's do not include",
    code: 2322,
    source: `const s: Step<{}, { x: number }, 'sensors:read'> = async (_i, ctx) => ({ x: Number(await ctx.sensors.read('a')) });
    export default { steps: { s } } satisfies Plugin<'storage:plugin'>; // error`,
  },
  {
    name: 'a wrongly typed bridge argument',
    code: 2345,
    source: `const s: Step<{}, null, 'sensors:read'> = async (_i, ctx) => {
      await ctx.sensors.read(42); // error
      return null;
    };`,
  },
  {
    name: 'a severity the notification bridge refuses',
    code: 2322,
    source: `const s: Step<{}, null, 'notifications:send'> = async (_i, ctx) => {
      await ctx.notifications.send({ title: 't', body: 'b', severity: 'urgent' }); // error
      return null;
    };`,
  },
  {
    name: 'a Date in the output',
    code: 2322,
    source: `const s: Step<{}, { at: Date }> = async () => ({ at: new Date() }); // error`,
  },
  {
    name: 'a function in the output',
    code: 2322,
    source: `const s: Step<{}, { f: () => void }> = async () => ({ f() {} }); // error`,
  },
  {
    name: 'an undefined value in the output',
    code: 2322,
    source: `const s: Step<{}, { u: undefined }> = async () => ({ u: undefined }); // error`,
  },
  {
    name: 'a bigint output',
    code: 2322,
    source: `const s: Step<{}, bigint> = async () => 1n; // error`,
  },
  {
    name: 'an output that does not match the declared type',
    code: 2322,
    source: `const s: Step<{}, { x: number }> = async () => ({ x: 'one' }); // error`,
  },
  {
    name: 'a step that returns nothing',
    code: 2322,
    source: `export default { steps: { async s() {} } } satisfies Plugin; // error`,
  },
];

/** The TypeScript example of the "SDK and TypeScript" section of the publishing guide. */
async function docsExample(): Promise<string> {
  const guide = await readFile(new URL('../../../docs/publishing.md', import.meta.url), 'utf8');
  const example = /### The types\n\n```ts\n([\s\S]*?)```/.exec(guide)?.[1];
  if (!example) throw new Error('docs/publishing.md has no ```ts block right under "### The types"');
  return example;
}

const PRELUDE = "import type { Context, Plugin, Step } from '@mlebotics/plugin-cli/sdk';\n";

describe('the typed SDK', () => {
  it(`is generated from the current catalogue (run \`npm run docs\` after changing it): ${SDK_FILE}`, async () => {
    expect(await readFile(SDK, 'utf8')).toBe(await renderSdk());
  });

  describe('compiles plugins', () => {
    let dir: string;
    let diagnostics: Map<string, readonly ts.Diagnostic[]>;

    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'mle-sdk-types-'));
      const files = [path.join(dir, 'correct.ts'), path.join(dir, 'docs-example.ts')];
      await writeFile(files[0]!, CORRECT);
      await writeFile(files[1]!, await docsExample());
      for (const [i, misuse] of MISUSES.entries()) {
        files.push(path.join(dir, `misuse-${i}.ts`));
        await writeFile(files.at(-1)!, `${PRELUDE}${misuse.source}\nexport {};\n`);
      }
      // The compiler options a plugin's tsconfig gets from `init --typescript`.
      const program = ts.createProgram(files, {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ['lib.es2023.d.ts'],
        types: [],
        noUnusedLocals: false,
        paths: { '@mlebotics/plugin-cli/sdk': [SDK] },
      });
      diagnostics = new Map(
        files.map((file) => [file, ts.getPreEmitDiagnostics(program, program.getSourceFile(file))]),
      );
    }, 60_000);

    afterAll(() => rm(dir, { recursive: true, force: true }));

    const describeAll = (list: readonly ts.Diagnostic[]) =>
      list
        .map((d) => {
          const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : '?';
          return `  line ${line} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
        })
        .join('\n');

    it('a correct plugin: interfaces as outputs, narrowed ctx, satisfies Plugin<P>, no errors', () => {
      const found = diagnostics.get(path.join(dir, 'correct.ts'))!;
      expect(found, `the correct sample plugin does not compile against ${SDK_FILE}:\n${describeAll(found)}`).toEqual(
        [],
      );
    });

    it('the example of docs/publishing.md ("The types") compiles', () => {
      const found = diagnostics.get(path.join(dir, 'docs-example.ts'))!;
      expect(
        found,
        `the example under "### The types" in docs/publishing.md does not compile:\n${describeAll(found)}`,
      ).toEqual([]);
    });

    it.each(MISUSES.map((m, i) => [m.name, i] as const))('refuses %s', (_name, i) => {
      const misuse = MISUSES[i]!;
      const file = path.join(dir, `misuse-${i}.ts`);
      const found = diagnostics.get(file)!;
      // The marked line, counted in the written file (the prelude is its first line).
      const marked = misuse.source.split('\n').findIndex((line) => line.includes('// error')) + 2;
      const lines = found.map((d) => d.file!.getLineAndCharacterOfPosition(d.start!).line + 1);
      expect(
        found.map((d, j) => `line ${lines[j]} TS${d.code}`),
        `${misuse.name} should fail on line ${marked} with TS${misuse.code}; it gave:\n${describeAll(found) || '  no error at all: the SDK types let it through'}`,
      ).toEqual([`line ${marked} TS${misuse.code}`]);
    });
  });
});
