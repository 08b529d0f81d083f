// `run --watch`: re-runs when a file that would be packed changes (honouring .pluginignore and
// the default ignores), or the fixtures file; debounced, one run at a time.
import { PLUGINIGNORE_FILE, packIgnore, type PackIgnore } from '@mlebotics/shared/node';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Changes within this many milliseconds make one re-run (editors write a file in several steps). */
export const WATCH_DEBOUNCE_MS = 150;

async function ignoreRules(dir: string): Promise<PackIgnore> {
  const rules = await readFile(path.join(dir, PLUGINIGNORE_FILE), 'utf8').catch(() => undefined);
  return packIgnore(rules);
}

/** Files of a run besides the package's: fixtures changes re-run, storage writes never do. */
export interface WatchedFiles {
  fixturesFile?: string;
  storageFile?: string;
}

/**
 * Calls `onChange` after each burst of changes under `dir` (or to the fixtures file) until the
 * process is interrupted (SIGINT/SIGTERM) or `signal` aborts; resolves with exit code 0.
 * Paths the package leaves out (and the local storage under .mlebotics/) never trigger a run.
 */
export async function watchDirectory(
  dir: string,
  files: WatchedFiles,
  onChange: () => Promise<void>,
  signal?: AbortSignal,
): Promise<number> {
  let ignored = await ignoreRules(dir);
  const root = path.resolve(dir);
  const fixtures = files.fixturesFile === undefined ? undefined : path.resolve(files.fixturesFile);
  const storage = files.storageFile === undefined ? undefined : path.resolve(files.storageFile);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let pending = false;

  const trigger = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (pending) return;
      pending = true;
      running = running.then(async () => {
        pending = false;
        ignored = await ignoreRules(dir);
        await onChange();
      });
    }, WATCH_DEBOUNCE_MS);
  };
  const relevant = (relative: string): boolean => {
    const rel = relative.split(path.sep).join('/');
    if (rel === PLUGINIGNORE_FILE) return true;
    const full = path.join(root, relative);
    if (full === fixtures) return true;
    // Writes to the storage (and its temporary file) are the run's own, not a change.
    if (rel === '.mlebotics' || rel.startsWith('.mlebotics/') || (storage && full.startsWith(storage))) return false;
    // Each parent directory may be ignored as a directory.
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i += 1) if (ignored(parts.slice(0, i).join('/'), true)) return false;
    return !ignored(rel, false);
  };

  const watchers: FSWatcher[] = [
    watch(root, { recursive: true }, (_event, name) => {
      if (name && relevant(name.toString())) trigger();
    }),
    ...(fixtures && path.relative(root, fixtures).startsWith('..') ? [watch(fixtures, () => trigger())] : []),
  ];
  return new Promise<number>((resolve) => {
    const stop = () => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void running.then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal?.addEventListener('abort', stop, { once: true });
  });
}
