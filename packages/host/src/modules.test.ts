import { describe, expect, it } from 'vitest';
import { ModuleResolutionError, moduleSource, resolveImport } from './modules.js';

const encoder = new TextEncoder();
const files = new Map<string, Uint8Array>([
  ['index.js', encoder.encode('export default {};')],
  ['lib/a.js', encoder.encode('export const a = 1;')],
  ['lib/deep/b.mjs', encoder.encode('export const b = 2;')],
  ['lib/data.json', encoder.encode('{}')],
  ['bad.js', Uint8Array.from([0xff, 0xfe])],
]);

describe('resolveImport', () => {
  it('resolves relative specifiers against the importing module', () => {
    expect(resolveImport('index.js', './lib/a.js', files)).toBe('lib/a.js');
    expect(resolveImport('lib/a.js', './deep/b.mjs', files)).toBe('lib/deep/b.mjs');
    expect(resolveImport('lib/deep/b.mjs', '../../index.js', files)).toBe('index.js');
    expect(resolveImport('lib/deep/b.mjs', './.././a.js', files)).toBe('lib/a.js');
    // Code without a package path (eval) resolves from the root.
    expect(resolveImport('<input>', './lib/a.js', files)).toBe('lib/a.js');
  });

  it.each([
    ['index.js', 'fs', /can only import its own files/],
    ['index.js', 'node:fs', /can only import its own files/],
    ['index.js', '/index.js', /can only import its own files/],
    ['index.js', 'https://evil.example.net/x.js', /can only import its own files/],
    ['index.js', 'lib/a.js', /can only import its own files/],
    ['index.js', '../index.js', /outside the plugin package/],
    ['lib/a.js', '../../etc/passwd', /outside the plugin package/],
    ['index.js', './lib//a.js', /empty segment/],
    ['index.js', './lib/missing.js', /has no module lib\/missing.js/],
    ['index.js', './lib/data.json', /has no module lib\/data.json/],
    ['index.js', './lib', /has no module lib/],
  ])('from %s refuses %s', (base, specifier, message) => {
    expect(() => resolveImport(base, specifier, files)).toThrow(ModuleResolutionError);
    expect(() => resolveImport(base, specifier, files)).toThrow(message);
  });
});

describe('moduleSource', () => {
  it('returns UTF-8 source of package modules only', () => {
    expect(moduleSource('lib/a.js', files)).toBe('export const a = 1;');
    expect(() => moduleSource('lib/data.json', files)).toThrow(/has no module/);
    expect(() => moduleSource('nope.js', files)).toThrow(/has no module/);
    expect(() => moduleSource('bad.js', files)).toThrow(/not valid UTF-8/);
  });
});
