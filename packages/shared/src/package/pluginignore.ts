import ignore from 'ignore';

/**
 * `.pluginignore`: which files of a plugin directory `pack` leaves out, in gitignore syntax
 * (`#` comments, `*`, `**`, `dir/`, `/anchored`, `!re-include`), read from the plugin's root
 * only. Paths are `/`-separated and relative to the plugin directory; matching is case-sensitive,
 * as git's is on Linux, so a package packs the same everywhere.
 */
export const PLUGINIGNORE_FILE = '.pluginignore';

/**
 * Never packed, whatever `.pluginignore` says: VCS data, installed dependencies, packages, and
 * `.mlebotics/` (what `mlebotics-plugin run` and `panel` keep locally, such as the plugin's
 * storage file: a developer's test data must never ship).
 */
export const ALWAYS_IGNORED = ['.git/', 'node_modules/', '*.tgz', '.mlebotics/', PLUGINIGNORE_FILE] as const;

/**
 * Left out by default; a `!pattern` line in `.pluginignore` packs them after all. Tests, editor
 * and OS files, logs, coverage and `.env` files (which often hold secrets) are not needed at run
 * time.
 */
export const DEFAULT_IGNORED = [
  'test/',
  'tests/',
  '__tests__/',
  'coverage/',
  '.env',
  '.env.*',
  '*.log',
  '.DS_Store',
  'Thumbs.db',
  '.vscode/',
  '.idea/',
  '.gitignore',
  '.npmignore',
] as const;

/** Answers whether a path is left out of the package; directories are asked with `isDirectory`. */
export type PackIgnore = (path: string, isDirectory: boolean) => boolean;

/** The matcher for a plugin directory with `.pluginignore` text (or none). */
export function packIgnore(pluginignore?: string): PackIgnore {
  const always = ignore({ ignorecase: false }).add([...ALWAYS_IGNORED]);
  const configured = ignore({ ignorecase: false })
    .add([...DEFAULT_IGNORED])
    .add(pluginignore ?? '');
  return (path, isDirectory) => {
    const asked = isDirectory ? `${path}/` : path;
    return always.ignores(asked) || configured.ignores(asked);
  };
}
