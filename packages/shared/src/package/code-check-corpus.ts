import type { ErrorCode } from '../error-codes.js';

/**
 * The code-check corpus: plugin modules the validator must refuse (each with its code and the
 * file:line:column it must name) and valid ES-module edge cases it must accept. The unit test
 * beside code-checks.ts runs it through validatePackage; packages/cli runs the accepted cases
 * (and the syntax cases) in the real sandbox too, so the validator and the runtime agree.
 */
export interface CodeCase {
  name: string;
  /** Package files besides plugin.json, README.md and icon.svg; `index.js` is main unless `main` says otherwise. */
  files: Record<string, string | Uint8Array>;
  main?: string;
  /** Automation steps the manifest declares (default: `echo`). */
  steps?: string[];
}

export interface RefusedCase extends CodeCase {
  code: ErrorCode;
  /** Where the issue is: `file:line:column`, or a manifest path. */
  at: string;
  /** Words the message must contain. */
  says?: string[];
}

const ECHO = 'export default { steps: { async echo(input) { return input; } } };\n';

export const REFUSED: RefusedCase[] = [
  {
    name: 'a syntax error in main',
    files: { 'index.js': 'export default {\n  steps: { echo(input) { return input } ,, }\n};\n' },
    code: 'module-syntax-error',
    at: 'index.js:2:42',
  },
  {
    name: 'a syntax error in a module nothing imports',
    files: { 'index.js': ECHO, 'lib/old.js': 'export const x = ;\n' },
    code: 'module-syntax-error',
    at: 'lib/old.js:1:18',
  },
  {
    name: 'CommonJS-only syntax: a `with` statement (modules are strict)',
    files: { 'index.js': `with (Math) { PI; }\n${ECHO}` },
    code: 'module-syntax-error',
    at: 'index.js:1:1',
  },
  {
    name: 'an HTML comment (not allowed in modules)',
    files: { 'index.js': `<!-- old\n${ECHO}` },
    code: 'module-syntax-error',
    at: 'index.js:1:1',
  },
  {
    name: 'ES2026 `using`, which the sandbox does not parse',
    files: { 'index.js': `{ using handle = null; }\n${ECHO}` },
    code: 'module-syntax-error',
    at: 'index.js:1:9',
  },
  {
    name: 'an invalid regular expression',
    files: { 'index.js': `const re = /(unclosed/;\n${ECHO}` },
    code: 'module-syntax-error',
    at: 'index.js:1:13',
  },
  {
    name: 'a module that is not UTF-8',
    files: { 'index.js': ECHO, 'lib/latin1.js': Uint8Array.from([0x2f, 0x2f, 0x20, 0xe9, 0x0a]) },
    code: 'module-syntax-error',
    at: 'lib/latin1.js:1:1',
    says: ['UTF-8'],
  },
  {
    name: 'an import of a file that does not exist',
    files: { 'index.js': `import { helper } from './lib/helper.js';\n${ECHO}` },
    code: 'import-not-found',
    at: 'index.js:1:24',
    says: ['no module lib/helper.js'],
  },
  {
    name: 'an import without its file extension',
    files: { 'index.js': `import { x } from './util';\n${ECHO}`, 'util.js': 'export const x = 1;\n' },
    code: 'import-not-found',
    at: 'index.js:1:19',
    says: ['Did you mean "./util.js"'],
  },
  {
    name: 'a nested module importing a sibling that is missing',
    files: { 'index.js': `import './lib/a.js';\n${ECHO}`, 'lib/a.js': "\n\nexport * from './b.js';\n" },
    code: 'import-not-found',
    at: 'lib/a.js:3:15',
    says: ['from lib/a.js', 'no module lib/b.js'],
  },
  {
    name: 'a bare npm specifier',
    files: { 'index.js': `import _ from 'lodash';\n${ECHO}` },
    code: 'import-not-allowed',
    at: 'index.js:1:15',
    says: ['"lodash"', 'npm packages', 'esbuild'],
  },
  {
    name: 'a node: built-in',
    files: { 'index.js': `import { readFile } from 'node:fs/promises';\n${ECHO}` },
    code: 'import-not-allowed',
    at: 'index.js:1:26',
    says: ['Node.js built-in', 'ctx'],
  },
  {
    name: 'a URL import',
    files: { 'index.js': `export { x } from 'https://esm.sh/x@1';\n${ECHO}` },
    code: 'import-not-allowed',
    at: 'index.js:1:19',
    says: ['URL'],
  },
  {
    name: 'an absolute path',
    files: { 'index.js': `import '/lib/a.js';\n${ECHO}`, 'lib/a.js': '' },
    code: 'import-not-allowed',
    at: 'index.js:1:8',
    says: ['relative'],
  },
  {
    name: 'a dynamic import of a bare specifier',
    files: { 'index.js': `${ECHO}export const load = () => import('fs');\n` },
    code: 'import-not-allowed',
    at: 'index.js:2:34',
  },
  {
    name: 'an import that climbs out of the package',
    files: { 'index.js': `import '../secrets.js';\n${ECHO}` },
    code: 'import-not-found',
    at: 'index.js:1:8',
    says: ['outside the plugin package'],
  },
  {
    name: 'an import with an empty path segment',
    files: { 'index.js': `import './lib//a.js';\n${ECHO}`, 'lib/a.js': '' },
    code: 'import-not-found',
    at: 'index.js:1:8',
    says: ['empty segment'],
  },
  {
    name: 'an import of a JSON file',
    files: { 'index.js': `import data from './data.json' with { type: 'json' };\n${ECHO}`, 'data.json': '{}' },
    code: 'import-not-found',
    at: 'index.js:1:18',
    says: ['only .js and .mjs'],
  },
  {
    name: 'main written in TypeScript',
    files: { 'index.ts': 'export default { steps: { async echo(input: unknown) { return input; } } };\n' },
    main: 'index.ts',
    code: 'main-not-javascript',
    at: 'plugin.json#/main',
    says: ['TypeScript is not supported: build to JavaScript', 'init --typescript'],
  },
  {
    name: 'main that is CommonJS (.cjs)',
    files: { 'index.cjs': 'module.exports = {};\n' },
    main: 'index.cjs',
    code: 'main-not-javascript',
    at: 'plugin.json#/main',
  },
  {
    name: 'a declared step missing from the steps object',
    files: {
      'index.js': '// Two steps, but not echo.\nexport default {\n  steps: { async ping() {}, pong: () => 1 },\n};\n',
    },
    code: 'step-not-exported',
    at: 'index.js:3:10',
    says: ['"echo"', 'plugin.json#/capabilities/0', '"ping", "pong"'],
  },
  {
    name: 'no default export at all (a named export is not looked at)',
    files: { 'index.js': 'export const steps = { async echo(input) { return input; } };\n' },
    code: 'step-not-exported',
    at: 'index.js:1:1',
    says: ['no default export'],
  },
  {
    name: 'export * does not forward the default export',
    files: { 'index.js': "export * from './impl.js';\n", 'impl.js': ECHO },
    code: 'step-not-exported',
    at: 'index.js:1:1',
  },
  {
    name: 'a default export without steps',
    files: { 'index.js': 'export default { async echo(input) { return input; } };\n' },
    code: 'step-not-exported',
    at: 'index.js:1:16',
    says: ['no "steps" object'],
  },
  {
    name: 'a second step missing behind a const binding and a re-export',
    steps: ['echo', 'shout'],
    files: {
      'index.js': "export { default } from './impl.js';\n",
      'impl.js':
        'const steps = {\n  echo: (input) => input,\n};\nconst plugin = { steps };\nexport { plugin as default };\n',
    },
    code: 'step-not-exported',
    at: 'impl.js:1:15',
    says: ['"shout"'],
  },
];

export const ACCEPTED: CodeCase[] = [
  { name: 'the plain step module', files: { 'index.js': ECHO } },
  {
    name: 'export * from, export { a as b }, and a re-export through another module',
    files: {
      'index.js':
        "export * from './lib/all.js';\nexport { helper as aid } from './lib/all.js';\nimport plugin from './lib/plugin.js';\nexport default plugin;\n",
      'lib/all.js': "export * from './helper.js';\n",
      'lib/helper.js': 'export const helper = () => 1;\n',
      'lib/plugin.js':
        "import { helper } from './helper.js';\nexport default { steps: { echo: async (input) => ({ ...input, n: helper() }) } };\n",
    },
  },
  {
    name: 'export { default } from another module, and the .mjs extension',
    files: { 'index.js': "export { default } from './impl.mjs';\n", 'impl.mjs': ECHO },
  },
  {
    name: 'steps as a const, shorthand, spread and string and computed keys',
    steps: ['echo', 'should-dock', 'computed', 'spread'],
    files: {
      'index.js':
        "const base = { async spread() {} };\nconst steps = { ...base, async 'should-dock'() {}, ['computed']: () => 1, echo };\nasync function echo(input) { return input; }\nexport default { steps, version: 1 };\n",
    },
  },
  {
    name: 'a default export that is computed (not checked statically)',
    files: { 'index.js': 'const make = (steps) => ({ steps });\nexport default make({ echo: (i) => i });\n' },
  },
  {
    name: 'steps added after declaration (not checked statically)',
    files: { 'index.js': 'const steps = {};\nsteps.echo = async (input) => input;\nexport default { steps };\n' },
  },
  {
    name: 'a default class with static steps',
    files: { 'index.js': 'export default class Plugin {\n  static steps = { echo: async (i) => i };\n}\n' },
  },
  {
    name: 'top-level await, import.meta and a dynamic import of a relative literal',
    files: {
      'index.js':
        "const { greeting } = await import('./lib/greeting.js');\nconst here = typeof import.meta;\nexport default { steps: { echo: async () => ({ greeting, here }) } };\n",
      'lib/greeting.js': "export const greeting = 'hi';\n",
    },
  },
  {
    name: 'a dynamic import of a computed specifier (checked when it runs)',
    files: { 'index.js': `${ECHO}export const load = (name) => import(\`./\${name}.js\`);\n` },
  },
  {
    name: 'comments, strings, templates and regular expressions that look like imports',
    files: {
      'index.js': [
        "// import fs from 'node:fs';",
        "/* export * from 'lodash'; import('https://x.example/y.js') */",
        'const text = "import x from \'fs\'";',
        "const tpl = `import('node:fs') ${text}`;",
        'const re = /import\\("x"\\)|from \'y\'/g;',
        'const ratio = 10 / 2 / 5;',
        ECHO,
      ].join('\n'),
    },
  },
  {
    name: 'class fields, private members, static blocks, optional chaining and other ES2025 syntax',
    files: {
      'index.js': [
        'class Counter { #n = 0; static zero = 0; static { Counter.ready = true; } inc() { return ++this.#n; } has(o) { return #n in o; } }',
        'const deep = (o) => o?.a?.b ?? o?.[0] ?? o?.f?.();',
        'let x = null; x ??= 1; x ||= 2; x &&= 3;',
        'const big = 1_000_000n;',
        'const re = /(?<year>\\d{4})/du;',
        'const set = /[\\p{L}--[a-z]]/v;',
        'export default { steps: { echo: async (input) => ({ ...input, n: new Counter().inc() }) } };',
      ].join('\n'),
    },
  },
  {
    name: 'a hashbang line and a byte order mark',
    files: { 'index.js': `\uFEFF#!/usr/bin/env node\n${ECHO}` },
  },
  {
    name: 'no automation step declared: an empty default export is fine',
    steps: [],
    files: { 'index.js': 'export default {};\n' },
  },
];
