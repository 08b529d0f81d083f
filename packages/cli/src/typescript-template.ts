// Files `mlebotics-plugin init --typescript` writes: the JavaScript template's plugin, with its
// step in TypeScript against the typed SDK and an esbuild build that bundles npm dependencies.
import { templateFiles } from './templates.js';

/**
 * The tool versions a scaffold asks for. A unit test checks the repository's own esbuild and
 * TypeScript satisfy them, so the build the tests run is the build a developer gets.
 */
export const SCAFFOLD_TOOLS = { esbuild: '^0.28.2', typescript: '~6.0.3' } as const;

/**
 * The bundle the sandbox loads: one ES module with every import inlined (npm packages included:
 * the sandbox imports only package files), for no platform (no Node built-ins, no browser
 * shims), main fields for packages that publish only CommonJS `main`.
 */
export const BUILD_COMMAND =
  'esbuild src/index.ts --bundle --format=esm --platform=neutral --main-fields=module,main --target=es2022 --outfile=dist/index.js';

const INDEX_TS = `// The plugin module, in TypeScript. \`npm run build\` bundles it, with any npm packages it
// imports, into dist/index.js: the \`main\` of plugin.json (the sandbox runs JavaScript only).
import type { Plugin, Step } from '@mlebotics/plugin-cli/sdk';

/** The permissions plugin.json declares: \`ctx\` has exactly their members (and \`log\`). */
type Permissions = 'storage:plugin';

/** The step's input and output, as its inputSchema and outputSchema in plugin.json describe them. */
interface GreetInput {
  name: string;
}

interface GreetOutput {
  greeting: string;
  /** How many times this name was greeted in this organization. */
  count: number;
}

const greet: Step<GreetInput, GreetOutput, Permissions> = async (input, ctx) => {
  const key = \`greeted:\${input.name}\`;
  const seen = await ctx.storage.get(key);
  const count = (typeof seen === 'number' ? seen : 0) + 1;
  await ctx.storage.set(key, count);
  ctx.log(\`greeting \${input.name} (\${count})\`);
  return { greeting: \`Hello, \${input.name}!\`, count };
};

// \`satisfies\` checks every step against the declared permissions and keeps the object as is.
export default { steps: { greet } } satisfies Plugin<Permissions>;
`;

// JSONC (tsc reads comments in tsconfig.json); the package leaves it out (.pluginignore).
const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "ESNext",
    "moduleResolution": "Bundler",
    // Plain ECMAScript only: the sandbox has no DOM and no Node.js (use ctx instead).
    "lib": ["ES2023"],
    "types": [],
    "strict": true,
    "noEmit": true,
    "isolatedModules": true,
    "verbatimModuleSyntax": true,
    "skipLibCheck": true
  },
  "include": ["src"]
}
`;

const PLUGINIGNORE = `# .pluginignore: the package holds the built dist/index.js, not the sources or the build setup
# (node_modules/ is always left out; npm dependencies are bundled into dist/index.js).
src/
tsconfig.json
package.json
package-lock.json
*.map
`;

/** Files of a TypeScript plugin; `cliVersion` is the CLI's own, which the scaffold depends on. */
export function typescriptTemplateFiles(options: {
  id: string;
  name: string;
  cliVersion: string;
}): Record<string, string> {
  const base = templateFiles(options);
  const manifest = JSON.parse(base['plugin.json']!) as {
    main: string;
    permissions: unknown[];
    capabilities: Array<{ inputSchema: Record<string, unknown>; outputSchema: Record<string, unknown> }>;
  };
  manifest.main = 'dist/index.js';
  manifest.permissions = [{ name: 'storage:plugin', reason: 'Counts how often each name was greeted.' }];
  const [step] = manifest.capabilities;
  step!.inputSchema = {
    type: 'object',
    // Short names keep the storage key (`greeted:<name>`) within its 256 characters.
    properties: { name: { type: 'string', minLength: 1, maxLength: 100 } },
    required: ['name'],
    additionalProperties: false,
  };
  step!.outputSchema = {
    type: 'object',
    properties: { greeting: { type: 'string' }, count: { type: 'integer', minimum: 1 } },
    required: ['greeting', 'count'],
    additionalProperties: false,
  };
  const slug = options.id.split('.')[1]!;
  const packageJson = {
    name: slug,
    private: true,
    type: 'module',
    scripts: {
      build: BUILD_COMMAND,
      typecheck: 'tsc --noEmit',
      validate: 'npm run typecheck && npm run build && mlebotics-plugin validate .',
      package: 'npm run typecheck && npm run build && mlebotics-plugin pack .',
    },
    devDependencies: {
      '@mlebotics/plugin-cli': `^${options.cliVersion}`,
      esbuild: SCAFFOLD_TOOLS.esbuild,
      typescript: SCAFFOLD_TOOLS.typescript,
    },
  };
  return {
    'plugin.json': `${JSON.stringify(manifest, null, 2)}\n`,
    'src/index.ts': INDEX_TS,
    'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
    'tsconfig.json': TSCONFIG,
    '.pluginignore': PLUGINIGNORE,
    '.gitignore': 'node_modules/\ndist/\n*.tgz\n',
    'README.md': `# ${options.name}

An automation step that greets, and counts how often it greeted each name.

## Steps

- **Greet** (\`greet\`): input \`{ "name": string }\`, output \`{ "greeting": string, "count": integer }\`.

## Permissions

- \`storage:plugin\`: counts how often each name was greeted.

## Develop

\`\`\`sh
npm install
npm run typecheck   # tsc against @mlebotics/plugin-cli/sdk: ctx has only the declared permissions
npm run build       # esbuild: src/index.ts and its npm dependencies into dist/index.js
npm run validate    # typecheck, build, and the marketplace's own checks
npm run package     # typecheck, build, and a deterministic .tgz to upload
\`\`\`

When you add a permission to \`plugin.json\`, add it to \`Permissions\` in \`src/index.ts\` too.
`,
    'icon.svg': base['icon.svg']!,
  };
}
