import { PackageError } from '../errors.js';

const encoder = new TextEncoder();
// C0 controls, DEL and C1 controls: never part of a legitimate file name.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Checks an archive entry name (whatever tar spelling it came from: ustar name and prefix, PAX
 * `path`, GNU long name) and returns it in canonical form: no leading `./`, no trailing `/`.
 * Returns `undefined` for the root directory entry (`./`). Throws a PackageError naming the
 * entry and the rule otherwise.
 */
export function checkEntryPath(raw: string, maxPathBytes: number): string | undefined {
  const shown = JSON.stringify(raw);
  if (raw.includes('\u0000')) {
    throw new PackageError('path-invalid', `Entry name ${shown} contains a NUL byte.`, raw);
  }
  if (raw.includes('\ufffd')) {
    throw new PackageError('path-not-utf8', `Entry name ${shown} is not valid UTF-8.`, raw);
  }
  if (CONTROL.test(raw)) {
    throw new PackageError('path-invalid', `Entry name ${shown} contains a control character.`, raw);
  }
  if (raw.includes('\\')) {
    throw new PackageError(
      'path-invalid',
      `Entry name ${shown} contains a backslash, which some systems read as a directory separator.`,
      raw,
    );
  }
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) {
    throw new PackageError('path-absolute', `Entry name ${shown} is absolute.`, raw);
  }
  let name = raw;
  while (name.startsWith('./')) name = name.slice(2);
  if (name.endsWith('/')) name = name.slice(0, -1);
  if (name === '' || name === '.') return undefined;
  const segments = name.split('/');
  if (segments.includes('..')) {
    throw new PackageError('path-traversal', `Entry name ${shown} contains a ".." segment.`, raw);
  }
  for (const segment of segments) {
    if (segment === '' || segment === '.') {
      throw new PackageError('path-invalid', `Entry name ${shown} has an empty or "." segment.`, raw);
    }
    if (segment.includes(':')) {
      throw new PackageError(
        'path-invalid',
        `Entry name ${shown} contains ":" (a Windows stream or drive separator).`,
        raw,
      );
    }
    if (segment.endsWith(' ') || segment.endsWith('.')) {
      throw new PackageError(
        'path-invalid',
        `Entry name ${shown} has a segment ending in a space or ".", which Windows silently drops.`,
        raw,
      );
    }
  }
  const bytes = encoder.encode(name).length;
  if (bytes > maxPathBytes) {
    throw new PackageError(
      'path-too-long',
      `Entry name ${JSON.stringify(name.slice(0, 60))}… is ${bytes} bytes long; the limit is ${maxPathBytes}.`,
      name,
    );
  }
  return name;
}

/**
 * The key two names collide under: Unicode NFC and full case folding (approximated by
 * upper-then-lower casing, which folds ß to ss and ſ to s as case-insensitive file systems do).
 */
export function collisionKey(name: string): string {
  return name.normalize('NFC').toUpperCase().toLowerCase().normalize('NFC');
}

/**
 * Tracks the names seen in an archive and rejects duplicates, names that collide after NFC and
 * case folding, and a name used both as a file and as a directory.
 */
export class NameRegistry {
  private readonly seen = new Map<string, { name: string; type: 'file' | 'directory' }>();

  add(name: string, type: 'file' | 'directory'): void {
    this.register(name, type, name);
    const segments = name.split('/');
    // Every parent is implicitly a directory.
    for (let i = 1; i < segments.length; i++) {
      this.register(segments.slice(0, i).join('/'), 'directory', name);
    }
  }

  private register(name: string, type: 'file' | 'directory', entry: string): void {
    const key = collisionKey(name);
    const previous = this.seen.get(key);
    if (!previous) {
      this.seen.set(key, { name, type });
      return;
    }
    const shown = JSON.stringify(entry);
    if (previous.name !== name) {
      throw new PackageError(
        'path-duplicate',
        `Entry ${shown}: ${JSON.stringify(name)} collides with ${JSON.stringify(previous.name)} ` +
          '(the same name after Unicode normalisation and case folding).',
        entry,
      );
    }
    if (previous.type !== type) {
      throw new PackageError(
        'path-duplicate',
        `Entry ${shown}: ${JSON.stringify(name)} is both a file and a directory.`,
        entry,
      );
    }
    if (type === 'file') {
      throw new PackageError('path-duplicate', `Entry ${shown} appears twice.`, entry);
    }
  }
}
