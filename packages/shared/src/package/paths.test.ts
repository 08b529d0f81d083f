import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../error-codes.js';
import { PackageError } from '../errors.js';
import { DEFAULT_LIMITS } from '../limits.js';
import { NameRegistry, checkEntryPath, collisionKey } from './paths.js';

const LIMIT = DEFAULT_LIMITS.maxPathBytes;

/** The PackageError `fn` throws (fails the test when it throws nothing or something else). */
function thrown(fn: () => unknown): PackageError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PackageError);
    return error as PackageError;
  }
  throw new Error('expected a PackageError, nothing was thrown');
}

function rejects(raw: string, code: ErrorCode, max = LIMIT): PackageError {
  const error = thrown(() => checkEntryPath(raw, max));
  expect(error.code, `code for ${JSON.stringify(raw)}`).toBe(code);
  return error;
}

describe('checkEntryPath', () => {
  it('accepts relative paths and returns them in canonical form', () => {
    expect(checkEntryPath('plugin.json', LIMIT)).toBe('plugin.json');
    expect(checkEntryPath('lib/util/strings.js', LIMIT)).toBe('lib/util/strings.js');
    expect(checkEntryPath('./lib/a.js', LIMIT)).toBe('lib/a.js');
    expect(checkEntryPath('././lib/a.js', LIMIT)).toBe('lib/a.js');
    expect(checkEntryPath('assets/', LIMIT)).toBe('assets');
    expect(checkEntryPath('./assets/img/', LIMIT)).toBe('assets/img');
    expect(checkEntryPath('.github/workflows/ci.yml', LIMIT)).toBe('.github/workflows/ci.yml');
    expect(checkEntryPath('..hidden/x..y.js', LIMIT)).toBe('..hidden/x..y.js');
    expect(checkEntryPath('docs/日本語 notes.md', LIMIT)).toBe('docs/日本語 notes.md');
  });

  it('returns undefined for the root directory entry', () => {
    expect(checkEntryPath('./', LIMIT)).toBeUndefined();
    expect(checkEntryPath('.', LIMIT)).toBeUndefined();
    expect(checkEntryPath('', LIMIT)).toBeUndefined();
    expect(checkEntryPath('././', LIMIT)).toBeUndefined();
  });

  it('rejects absolute paths and drive letters', () => {
    rejects('/etc/passwd', 'path-absolute');
    rejects('/', 'path-absolute');
    rejects('//server/share/x', 'path-absolute');
    rejects('C:/Windows/evil.dll', 'path-absolute');
    rejects('c:evil.dll', 'path-absolute');
    rejects('/../etc/passwd', 'path-absolute');
  });

  it('rejects ".." segments anywhere, including after a leading "./"', () => {
    const error = rejects('../evil.js', 'path-traversal');
    expect(error.path).toBe('../evil.js');
    expect(error.message).toContain('".."');
    rejects('..', 'path-traversal');
    rejects('../', 'path-traversal');
    rejects('lib/../../evil.js', 'path-traversal');
    rejects('lib/..', 'path-traversal');
    rejects('./../evil.js', 'path-traversal');
    rejects('a/b/c/../../../../x', 'path-traversal');
  });

  it('rejects backslashes, even where they would spell a traversal or an absolute path', () => {
    rejects('..\\..\\evil.js', 'path-invalid');
    rejects('lib\\a.js', 'path-invalid');
    rejects('\\windows\\x', 'path-invalid');
  });

  it('rejects NUL (before anything else) and other control characters', () => {
    const error = rejects('ok.js\u0000../../evil.js', 'path-invalid');
    expect(error.message).toContain('NUL');
    rejects('\u0000', 'path-invalid');
    rejects('/abs\u0000', 'path-invalid');
    rejects('bell\u0007.js', 'path-invalid');
    rejects('line\nbreak.js', 'path-invalid');
    rejects('del\u007f.js', 'path-invalid');
    rejects('c1\u0085.js', 'path-invalid');
    rejects('c1\u009f.js', 'path-invalid');
  });

  it('rejects names that contain the replacement character (decoded from invalid UTF-8)', () => {
    rejects('f\ufffd.js', 'path-not-utf8');
  });

  it('rejects empty and "." segments', () => {
    rejects('lib//a.js', 'path-invalid');
    rejects('lib/./a.js', 'path-invalid');
    rejects('lib/.', 'path-invalid');
    rejects('a//', 'path-invalid');
    rejects('.//a.js', 'path-invalid');
  });

  it('rejects ":" and segments ending in a space or a dot (Windows)', () => {
    rejects('file.txt:stream', 'path-invalid');
    rejects('lib/a:b/c.js', 'path-invalid');
    rejects('name. /x.js', 'path-invalid');
    rejects('trailing ', 'path-invalid');
    rejects('lib./a.js', 'path-invalid');
    rejects('...', 'path-invalid');
  });

  describe('length in UTF-8 bytes', () => {
    it('accepts a path of exactly the limit and rejects one byte more', () => {
      const atLimit = `${'d/'.repeat(50)}${'f'.repeat(LIMIT - 100)}`;
      expect(new TextEncoder().encode(atLimit).length).toBe(LIMIT);
      expect(checkEntryPath(atLimit, LIMIT)).toBe(atLimit);
      const error = rejects(`${atLimit}x`, 'path-too-long');
      expect(error.message).toContain(`${LIMIT + 1} bytes`);
      expect(error.message).toContain(`the limit is ${LIMIT}`);
    });

    it('counts bytes, not characters', () => {
      // 'é' (U+00E9) is 2 bytes, '€' 3 bytes, '🤖' 4 bytes (2 UTF-16 units).
      const twoByte = 'é'.repeat(LIMIT / 2);
      expect(checkEntryPath(twoByte, LIMIT)).toBe(twoByte);
      rejects(`${twoByte}a`, 'path-too-long');
      // LIMIT - 2 characters and LIMIT bytes; then LIMIT - 1 characters and LIMIT + 1 bytes.
      const euroAtLimit = `${'a'.repeat(LIMIT - 3)}€`;
      expect(checkEntryPath(euroAtLimit, LIMIT)).toBe(euroAtLimit);
      const euroOver = `${'a'.repeat(LIMIT - 2)}€`;
      expect(euroOver.length).toBeLessThan(LIMIT);
      rejects(euroOver, 'path-too-long');
      const robots = '🤖'.repeat(LIMIT / 4);
      expect(checkEntryPath(robots, LIMIT)).toBe(robots);
      rejects(`${robots}a`, 'path-too-long');
    });

    it('measures the canonical name: a leading "./" and a trailing "/" do not count', () => {
      const atLimit = 'n'.repeat(LIMIT);
      expect(checkEntryPath(`./${atLimit}/`, LIMIT)).toBe(atLimit);
    });

    it('uses the limit it is given', () => {
      expect(checkEntryPath('abcd', 4)).toBe('abcd');
      rejects('abcde', 'path-too-long', 4);
    });
  });
});

describe('collisionKey', () => {
  it('is the same for NFC and NFD spellings', () => {
    expect(collisionKey('cafe\u0301.js')).toBe(collisionKey('caf\u00e9.js'));
    expect(collisionKey('A\u030a')).toBe(collisionKey('\u00e5'));
  });

  it('folds case, including full folds (ß to ss, long s to s, Kelvin sign to k)', () => {
    expect(collisionKey('README.md')).toBe(collisionKey('readme.MD'));
    expect(collisionKey('Straße.md')).toBe(collisionKey('STRASSE.md'));
    expect(collisionKey('\u017fetup.js')).toBe(collisionKey('setup.js'));
    expect(collisionKey('\u212aelvin')).toBe(collisionKey('kelvin'));
  });

  it('keeps different names apart', () => {
    expect(collisionKey('a.js')).not.toBe(collisionKey('b.js'));
    expect(collisionKey('lib/a.js')).not.toBe(collisionKey('lib-a.js'));
    expect(collisionKey('cafe.js')).not.toBe(collisionKey('café.js'));
  });
});

describe('NameRegistry', () => {
  const duplicate = (names: Array<[string, 'file' | 'directory']>): PackageError => {
    const registry = new NameRegistry();
    return thrown(() => {
      for (const [name, type] of names) registry.add(name, type);
    });
  };

  it('accepts distinct files, directories listed before or after their files, and a directory twice', () => {
    const registry = new NameRegistry();
    const entries: Array<[string, 'file' | 'directory']> = [
      ['lib', 'directory'],
      ['lib/a.js', 'file'],
      ['lib/b.js', 'file'],
      ['lib', 'directory'],
      ['docs/guide/intro.md', 'file'],
      ['docs/guide', 'directory'],
      ['docs', 'directory'],
      ['plugin.json', 'file'],
      ['Plugin.json.bak', 'file'],
    ];
    for (const [name, type] of entries) expect(() => registry.add(name, type), name).not.toThrow();
  });

  it('rejects the same file twice', () => {
    const error = duplicate([
      ['index.js', 'file'],
      ['index.js', 'file'],
    ]);
    expect(error.code).toBe('path-duplicate');
    expect(error.path).toBe('index.js');
    expect(error.message).toContain('appears twice');
  });

  it('rejects names that collide after NFC or case folding, naming both', () => {
    const nfc = duplicate([
      ['caf\u00e9.js', 'file'],
      ['cafe\u0301.js', 'file'],
    ]);
    expect(nfc.code).toBe('path-duplicate');
    expect(nfc.message).toContain('collides');
    expect(
      duplicate([
        ['Index.js', 'file'],
        ['index.js', 'file'],
      ]).code,
    ).toBe('path-duplicate');
    expect(
      duplicate([
        ['Straße.md', 'file'],
        ['STRASSE.md', 'file'],
      ]).code,
    ).toBe('path-duplicate');
  });

  it('rejects a name used as a file and as a directory, in either order', () => {
    const fileFirst = duplicate([
      ['lib', 'file'],
      ['lib/x.js', 'file'],
    ]);
    expect(fileFirst.code).toBe('path-duplicate');
    expect(fileFirst.path).toBe('lib/x.js');
    expect(fileFirst.message).toContain('both a file and a directory');
    expect(
      duplicate([
        ['lib/x.js', 'file'],
        ['lib', 'file'],
      ]).code,
    ).toBe('path-duplicate');
    expect(
      duplicate([
        ['lib', 'directory'],
        ['lib', 'file'],
      ]).code,
    ).toBe('path-duplicate');
  });

  it('rejects parent directories that differ only by case', () => {
    const error = duplicate([
      ['lib/a.js', 'file'],
      ['LIB/b.js', 'file'],
    ]);
    expect(error.code).toBe('path-duplicate');
    expect(error.path).toBe('LIB/b.js');
  });
});
