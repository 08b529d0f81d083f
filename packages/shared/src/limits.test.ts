import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatBytes, utf8ByteLength } from './limits.js';

describe('formatBytes', () => {
  it('states whole units exactly and others to one decimal, never rounded to another whole unit', () => {
    expect(formatBytes(17)).toBe('17 bytes');
    expect(formatBytes(1023)).toBe('1023 bytes');
    expect(formatBytes(64 * 1024)).toBe('64 KiB');
    expect(formatBytes(1500)).toBe('1.5 KiB');
    expect(formatBytes(32 * 1024 * 1024)).toBe('32 MiB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MiB');
  });
});

describe('utf8ByteLength', () => {
  it('is the length of the UTF-8 encoding (lone surrogates as U+FFFD), without encoding', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, 'utf8'));
      }),
    );
    expect(utf8ByteLength('\ud800x')).toBe(4);
  });
});

describe('the one byte formatter and UTF-8 length', () => {
  it('are the only ones: the plugin host imports them rather than defining its own', () => {
    const dir = new URL('../../host/src/', import.meta.url);
    const own = readdirSync(dir)
      .filter((name) => name.endsWith('.ts'))
      .filter((name) =>
        /function (formatSize|formatBytes|utf8Length|utf8ByteLength)\b/.test(readFileSync(new URL(name, dir), 'utf8')),
      );
    expect(own).toEqual([]);
  });
});
