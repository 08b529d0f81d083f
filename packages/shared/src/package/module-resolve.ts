/**
 * Import resolution exactly as the sandbox does it (packages/host/src/modules.ts `resolveImport`;
 * a test in packages/cli compares the two over many specifiers): a specifier must be relative
 * (`./` or `../`), may not climb above the package root, has no empty segments, and must name a
 * `.js`/`.mjs` file of the package. Here a refusal says why, so the validator can word it.
 */

/** File extensions the sandbox loads as ES modules. */
export const MODULE_EXTENSIONS = ['.js', '.mjs'] as const;

export function isModulePath(path: string): boolean {
  return MODULE_EXTENSIONS.some((ext) => path.endsWith(ext));
}

export type ImportResolution =
  | { ok: true; path: string }
  | { ok: false; reason: 'not-relative' | 'empty-segment' | 'outside' }
  | { ok: false; reason: 'missing' | 'not-module'; path: string };

/** Resolves `specifier` imported by the package file `base` against the package's file names. */
export function resolveModuleSpecifier(
  base: string,
  specifier: string,
  files: { has(path: string): boolean },
): ImportResolution {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return { ok: false, reason: 'not-relative' };
  const segments = files.has(base) && base.includes('/') ? base.slice(0, base.lastIndexOf('/')).split('/') : [];
  for (const segment of specifier.split('/')) {
    if (segment === '.') continue;
    if (segment === '') return { ok: false, reason: 'empty-segment' };
    if (segment === '..') {
      if (segments.length === 0) return { ok: false, reason: 'outside' };
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  const path = segments.join('/');
  if (!files.has(path)) return { ok: false, reason: 'missing', path };
  if (!isModulePath(path)) return { ok: false, reason: 'not-module', path };
  return { ok: true, path };
}

const SANDBOX_IMPORTS =
  'a plugin module can import only its own .js/.mjs files, with a relative path such as "./lib/util.js"';

/** What kind of non-relative specifier this is, in words, and what to do instead. */
function notRelativeAdvice(specifier: string): string {
  if (/^node:/i.test(specifier)) {
    return `${SANDBOX_IMPORTS}; the sandbox has no Node.js built-in modules — use the ctx services your permissions grant (ctx.fetch, ctx.storage, …) instead.`;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier) || specifier.startsWith('//')) {
    return `${SANDBOX_IMPORTS}; code is never loaded from a URL — copy the module into the package.`;
  }
  if (specifier.startsWith('/')) {
    return `${SANDBOX_IMPORTS}; absolute paths are not allowed — write the path relative to this file.`;
  }
  return `${SANDBOX_IMPORTS}; there are no npm packages or Node.js built-ins in the sandbox — bundle dependencies into your module (for example with esbuild).`;
}

/** The refusal message for a failed resolution, without the location. */
export function describeRefusal(
  base: string,
  specifier: string,
  resolution: Extract<ImportResolution, { ok: false }>,
  files: { has(path: string): boolean },
): string {
  const shown = JSON.stringify(specifier);
  switch (resolution.reason) {
    case 'not-relative':
      return `Cannot import ${shown}: ${notRelativeAdvice(specifier)}`;
    case 'empty-segment':
      return `Cannot import ${shown}: the path has an empty segment ("//" or a trailing "/"); name a file such as "./lib/util.js".`;
    case 'outside':
      return `Cannot import ${shown} from ${base}: it points outside the plugin package; only files inside the package can be imported.`;
    case 'not-module':
      return `Cannot import ${shown} from ${base}: ${resolution.path} is not a module; only .js and .mjs files can be imported (embed data in a .js module that exports it).`;
    case 'missing': {
      const guess = MODULE_EXTENSIONS.map((ext) => `${resolution.path}${ext}`).find((p) => files.has(p));
      const hint = guess
        ? ` Did you mean "${specifier}${guess.slice(resolution.path.length)}"? Import paths need the file extension.`
        : ' Check the path and that the file is packed (see .pluginignore).';
      return `Cannot import ${shown} from ${base}: the package has no module ${resolution.path}.${hint}`;
    }
  }
}
