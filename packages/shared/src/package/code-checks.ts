import type { Program } from 'acorn';
import type { ValidationIssue } from '../errors.js';
import { formatBytes } from '../limits.js';
import type { PluginManifest } from '../manifest/manifest.generated.js';
import { manifestPath } from '../manifest/validate.js';
import { parseModule, type Position } from './module-parse.js';
import { describeRefusal, isModulePath, resolveModuleSpecifier } from './module-resolve.js';
import type { PackageContents } from './reader.js';
import { stepExports } from './step-exports.js';

/**
 * Code checks of a package whose manifest is valid, the same in the CLI, the browser pre-check
 * and the publish pipeline: `main` is JavaScript; every `.js`/`.mjs` file parses as an ES module
 * and imports only package modules by relative path, exactly as the sandbox resolves them; every
 * automation step the manifest declares is exported by `main`. Each issue names file:line:column.
 */

const MiB = 1024 * 1024;
/** Largest module the checks read (and keep in memory while validating). */
export const MAX_MODULE_BYTES = 4 * MiB;
/** Most module bytes the checks read in one package, all modules together. */
export const MAX_MODULES_TOTAL_BYTES = 16 * MiB;

/**
 * How many bytes of a file the reader keeps for the code checks: every module, within the
 * per-module and total budgets (`kept` holds what was kept so far); false for other files.
 */
export function moduleAllowance(path: string, kept: ReadonlyMap<string, Uint8Array>): number | false {
  if (!isModulePath(path)) return false;
  let used = 0;
  for (const [name, bytes] of kept) if (isModulePath(name)) used += bytes.length;
  return Math.max(0, Math.min(MAX_MODULE_BYTES, MAX_MODULES_TOTAL_BYTES - used));
}

const where = (file: string, at: Position) => `${file}:${at.line}:${at.column}`;
const TYPESCRIPT = /\.(?:[cm]?tsx?)$/i;

function checkMain(main: string, files: ReadonlySet<string>): ValidationIssue | undefined {
  if (isModulePath(main) || !files.has(main)) return undefined;
  const message = TYPESCRIPT.test(main)
    ? `main "${main}" is TypeScript, which the sandbox does not run. TypeScript is not supported: build to JavaScript and set main to the built .js file (\`mlebotics-plugin init --typescript\` scaffolds a plugin with that build).`
    : `main "${main}" is not a JavaScript module; the sandbox loads main from a .js or .mjs file (an ES module).`;
  return { code: 'main-not-javascript', message, path: manifestPath('/main') };
}

/** The automation steps the manifest declares, with their place in it. */
function declaredSteps(manifest: PluginManifest): Array<{ id: string; pointer: string }> {
  return manifest.capabilities.flatMap((capability, index) =>
    capability.type === 'automation-step' ? [{ id: capability.id, pointer: `/capabilities/${index}` }] : [],
  );
}

function checkSteps(manifest: PluginManifest, programs: Map<string, Program>, files: ReadonlySet<string>) {
  const steps = declaredSteps(manifest);
  if (steps.length === 0 || !programs.has(manifest.main)) return [];
  const exported = stepExports(manifest.main, { programs, has: (path) => files.has(path) });
  if (exported.kind === 'unknown') return [];
  const missing = exported.kind === 'known' ? steps.filter((s) => !exported.keys.has(s.id)) : steps;
  return missing.map(({ id, pointer }): ValidationIssue => {
    const at = where(exported.module, exported.at);
    const why =
      exported.kind === 'none'
        ? exported.why
        : exported.keys.size === 0
          ? 'its steps object is empty'
          : `its steps object has ${[...exported.keys].map((k) => JSON.stringify(k)).join(', ')}`;
    return {
      code: 'step-not-exported',
      message: `${at}: the step ${JSON.stringify(id)} declared at ${manifestPath(pointer)} is not exported by ${manifest.main}: ${why}. Export it as export default { steps: { ${JSON.stringify(id)}: async (input, ctx) => { … } } }.`,
      path: at,
    };
  });
}

/** Every code issue of a package whose manifest is valid; empty when the code is fine. */
export function checkPackageCode(
  manifest: PluginManifest,
  contents: Pick<PackageContents, 'files' | 'kept'>,
): ValidationIssue[] {
  const files = new Set(contents.files.map((f) => f.path));
  const mainIssue = checkMain(manifest.main, files);
  if (mainIssue) return [mainIssue];
  const issues: ValidationIssue[] = [];
  const programs = new Map<string, Program>();
  for (const { path, size } of contents.files) {
    if (!isModulePath(path)) continue;
    const bytes = contents.kept.get(path);
    if (!bytes) {
      const why =
        size > MAX_MODULE_BYTES
          ? `it is ${formatBytes(size)}; a module may be at most ${formatBytes(MAX_MODULE_BYTES)}`
          : `the package's modules are over ${formatBytes(MAX_MODULES_TOTAL_BYTES)} in all`;
      issues.push({
        code: 'module-too-large',
        message: `${path}:1:1: the module cannot be checked: ${why}. Bundle and minify the code (for example with esbuild), and leave out modules the plugin does not use.`,
        path: `${path}:1:1`,
      });
      continue;
    }
    const parsed = parseModule(bytes);
    if (!parsed.ok) {
      const at = where(path, parsed.at);
      issues.push({
        code: 'module-syntax-error',
        message: `${at}: ${parsed.message}. Plugin modules are ES modules (strict mode, import/export) in JavaScript up to ES2025.`,
        path: at,
      });
      continue;
    }
    programs.set(path, parsed.program);
    for (const { specifier, at: position } of parsed.imports) {
      const resolution = resolveModuleSpecifier(path, specifier, files);
      if (resolution.ok) continue;
      const at = where(path, position);
      issues.push({
        code: resolution.reason === 'not-relative' ? 'import-not-allowed' : 'import-not-found',
        message: `${at}: ${describeRefusal(path, specifier, resolution, files)}`,
        path: at,
      });
    }
  }
  issues.push(...checkSteps(manifest, programs, files));
  return issues;
}
