import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeNextPath } from './next';

/** What a browser makes of the target on the console's origin: the check must keep it there. */
function landsOn(target: string): string {
  return new URL(target, 'https://console.example').origin;
}

describe('safeNextPath (the sign-in redirect)', () => {
  it.each([
    // Backslashes: browsers read `\` as `/`, so these are `//evil.example` (the reported case first).
    '/\\evil.example',
    '/\\\\evil.example',
    '\\/evil.example',
    '/\\/evil.example',
    // Protocol-relative and absolute URLs, schemes.
    '//evil.example',
    '///evil.example',
    '//evil.example/plugins',
    'https://evil.example/',
    'http:evil.example',
    'HTTPS://evil.example',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'evil.example',
    ' /evil.example',
    // Control characters, which URL parsing drops (`/\t/evil.example` is `//evil.example`).
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r/evil.example',
    '/\u0000/evil.example',
    '/\u007f/evil.example',
    '/\u0085/evil.example',
    // Encoded variants, once and twice.
    '%2F%2Fevil.example',
    '/%2F/evil.example',
    '/%2f%2fevil.example',
    '/%5Cevil.example',
    '/%5cevil.example',
    '/%255Cevil.example',
    '/%252F/evil.example',
    '/%09/evil.example',
    '/%0A/evil.example',
    '/%00',
    '/%25252525252F/evil.example',
    // Dot segments that resolve to `//evil.example`.
    '/.//evil.example',
    '/..//evil.example',
    '/%2e%2e//evil.example',
    '/./%2E//evil.example',
    // Malformed percent-encoding.
    '/%E0%A4%A',
  ])('refuses %j and falls back to /', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });

  it('refuses a next parameter longer than any console path', () => {
    expect(safeNextPath(`/${'a'.repeat(5000)}`)).toBe('/');
  });

  it.each([null, undefined, ''])('uses / without a next parameter (%j)', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });

  it.each([
    ['/', '/'],
    ['/plugins/acme.line-follower', '/plugins/acme.line-follower'],
    ['/?q=temperat&category=sensors', '/?q=temperat&category=sensors'],
    ['/?q=a%2Fb', '/?q=a%2Fb'],
    ['/org/capabilities#panels', '/org/capabilities#panels'],
    ['/plugins/a%20b', '/plugins/a%20b'],
    ['/plugins/./x/../y', '/plugins/y'],
  ])('keeps the console path %j', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it('never leaves the console, whatever the input', () => {
    const pieces = fc.constantFrom(
      '/',
      '\\',
      '.',
      '..',
      '%',
      '2F',
      '2f',
      '5C',
      '25',
      '09',
      ':',
      '?',
      '#',
      'evil',
      '\t',
    );
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(hostile, (next) => {
        const target = safeNextPath(next);
        expect(target.startsWith('/')).toBe(true);
        expect(target.startsWith('//')).toBe(false);
        // eslint-disable-next-line no-control-regex
        expect(target).not.toMatch(/[\\\u0000-\u001f\u007f-\u009f]/);
        expect(landsOn(target)).toBe('https://console.example');
      }),
      { numRuns: 3000 },
    );
  });
});
