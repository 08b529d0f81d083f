import type { QuickJSRuntime } from 'quickjs-emscripten-core';
/** File extensions the sandbox loads as ES modules. */
const MODULE_EXTENSIONS = ['.js', '.mjs'];
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** An import the sandbox refuses; its message reaches the plugin as the import's error. */
export class ModuleResolutionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModuleResolutionError';
  }
}

function isModulePath(path: string): boolean {
  return MODULE_EXTENSIONS.some((ext) => path.endsWith(ext));
}

/**
 * Resolves an import specifier against the importing module, inside the package only: the
 * specifier must be relative (`./` or `../`), may not climb above the package root, and must
 * name a `.js`/`.mjs` file of the package. Bare specifiers (`fs`, `node:fs`, npm packages),
 * absolute paths and URLs are refused. `base` is the importing module's package path; code
 * without one (eval) resolves from the package root.
 */
export function resolveImport(base: string, specifier: string, files: ReadonlyMap<string, Uint8Array>): string {
  const shown = JSON.stringify(specifier);
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) {
    throw new ModuleResolutionError(
      `Cannot import ${shown}: a plugin can only import its own files, with a relative path such as "./lib/util.js".`,
    );
  }
  const baseDir = files.has(base) && base.includes('/') ? base.slice(0, base.lastIndexOf('/')).split('/') : [];
  const segments = [...baseDir];
  for (const segment of specifier.split('/')) {
    if (segment === '.') continue;
    if (segment === '') throw new ModuleResolutionError(`Cannot import ${shown}: the path has an empty segment.`);
    if (segment === '..') {
      if (segments.length === 0) {
        throw new ModuleResolutionError(`Cannot import ${shown}: it points outside the plugin package.`);
      }
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  const path = segments.join('/');
  if (!files.has(path) || !isModulePath(path)) {
    throw new ModuleResolutionError(`Cannot import ${shown} from ${base}: the package has no module ${path}.`);
  }
  return path;
}

/** The source of a package module, which resolveImport has already checked. */
export function moduleSource(path: string, files: ReadonlyMap<string, Uint8Array>): string {
  const bytes = files.get(path);
  if (!bytes || !isModulePath(path)) {
    const why = /\.(?:ts|tsx|mts|cts)$/.test(path)
      ? ' TypeScript is not run by the sandbox: compile it to a JavaScript ES module (.js or .mjs) and point "main" at that file.'
      : /\.(?:cjs|json)$/.test(path)
        ? ' The sandbox loads only ES modules (.js or .mjs).'
        : '';
    throw new ModuleResolutionError(`The package has no module ${path}.${why}`);
  }
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ModuleResolutionError(`The module ${path} is not valid UTF-8.`);
  }
}

/**
 * Lets the runtime import the package's own modules only. A normalizer failure is not reported
 * reliably by the engine, so a refused import resolves to a name no package file can have (entry
 * names cannot contain ":") and the loader refuses that name with the reason.
 */
export function installModuleLoader(runtime: QuickJSRuntime, files: ReadonlyMap<string, Uint8Array>): void {
  const refusals = new Map<string, string>();
  runtime.setModuleLoader(
    (name) => {
      const refusal = refusals.get(name);
      if (refusal !== undefined) return { error: new ModuleResolutionError(refusal) };
      try {
        return moduleSource(name, files);
      } catch (error) {
        return { error: error as Error };
      }
    },
    (base, requested) => {
      try {
        return resolveImport(base, requested, files);
      } catch (error) {
        const name = `refused:${refusals.size}`;
        refusals.set(name, (error as Error).message);
        return name;
      }
    },
  );
}
