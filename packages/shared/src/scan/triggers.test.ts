import { describe, expect, it } from 'vitest';
import { findMinified } from './code.js';
import { urlCandidates } from './reach.js';
import { segments } from './segments.js';

const segmentOf = (text: string) => [...segments(new TextEncoder().encode(text), 1 << 20)][0]!;

/** Deterministic pseudo-random source text of the given line lengths and density. */
function lines(lengths: number[], spaceEvery: number): string {
  return lengths
    .map((n, i) => Array.from({ length: n }, (_, j) => ((i + j) % spaceEvery === 0 ? ' ' : 'x')).join(''))
    .join('\n');
}

/** The first dense line over 1,000 characters, read line by line. */
function firstMinifiedLine(text: string): number | undefined {
  let offset = 0;
  for (const line of text.split('\n')) {
    const blanks = [...line].filter((c) => c === ' ' || c === '\t').length;
    if (line.length > 1000 && blanks / line.length < 0.1) return offset;
    offset += line.length + 1;
  }
  return undefined;
}

describe('finding minified lines by skipping', () => {
  const cases: Array<[string, string]> = [
    [
      'short lines only',
      lines(
        Array.from({ length: 300 }, (_, i) => 20 + (i % 90)),
        5,
      ),
    ],
    ['one dense line after short ones', lines([...Array.from({ length: 50 }, () => 40), 1200, 10], 30)],
    ['a long line with spaces, then a dense one', lines([30, 1500, 30], 4) + '\n' + lines([1001], 50)],
    ['lines of exactly 1,000 characters', lines([1000, 1000, 1000], 50)],
    ['dense line of 1,001 characters at the end', lines([999, 10, 1001], 50)],
    ['lines of 600 and 700 characters', lines([600, 700, 600, 700], 50)],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      expect(findMinified(segmentOf(text), 'js')).toBe(firstMinifiedLine(text));
    });
  }

  it('reads only code and styles', () => {
    expect(findMinified(segmentOf(lines([2000], 50)), 'json')).toBeUndefined();
  });
});

describe('where URLs are looked for', () => {
  /** Offsets at which the URL expression must be tried: starts of its matches anywhere. */
  const ALL =
    /\b(?:https?|wss?|ftp):\/\/([^\s/'"`<>()\\?#]+)|["'(]\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)|(["'`])((?:[a-z0-9-]+\.)+(?:com|net|org|io|dev|app|co|ai|xyz|ru|cn|info|me|cloud|site|online|top|tk))\3/gi;
  const text = [
    'fetch(\'https://api.example.com/a\'); const b = "//cdn.host.net/x.js";',
    "const h = 'c2.badhost.ru', w = `WSS://Sock.Host.IO`, f = 'file.txt', g = a.b.com;",
    "import x from './x.js'; // http://docs.acme.io and ftp://files.acme.org/",
    "url('//fonts.gstatic.com/x.woff') + 'mail.acme.co' + \"x.y.z\"",
  ].join('\n');

  it('includes the start of every match', () => {
    const candidates = new Set(urlCandidates(text, text.length));
    const starts = [...text.matchAll(ALL)].map((m) => m.index!);
    expect(starts.length).toBeGreaterThanOrEqual(8);
    for (const start of starts) expect(candidates.has(start)).toBe(true);
  });

  it('is sorted and far fewer than the characters', () => {
    const candidates = urlCandidates(text, text.length);
    expect(candidates).toEqual([...candidates].sort((a, b) => a - b));
    expect(candidates.length).toBeLessThan(text.length / 4);
  });
});
