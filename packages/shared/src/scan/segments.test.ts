import { describe, expect, it } from 'vitest';
import { LiteralSet } from './literals.js';
import { alphabetRuns, alphabetRunsInBytes } from './runs.js';
import { segments, type Segment } from './segments.js';
import { valueWindows } from './windows.js';

const encode = (text: string) => new TextEncoder().encode(text);
const own = (segment: Segment) => segment.text.slice(0, segment.own);

describe('segments', () => {
  it('splits a file into whole lines, each segment with the start of the next as context', () => {
    const text = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
    const parts = [...segments(encode(text), 64, 16)];
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.map(own).join('')).toBe(text);
    for (const [i, part] of parts.entries()) {
      if (i < parts.length - 1) {
        expect(own(part).endsWith('\n')).toBe(true);
        expect(part.text.slice(part.own)).toBe(parts[i + 1]!.text.slice(0, part.text.length - part.own));
      }
      expect(own(part).length).toBeLessThanOrEqual(64);
    }
  });

  it('never cuts a line, however long', () => {
    const long = 'x'.repeat(500);
    const parts = [...segments(encode(`a\n${long}\nb\n`), 64, 16)];
    expect(parts.map(own)).toEqual(['a\n', `${long}\n`, 'b\n']);
  });

  it('positions offsets on the file’s lines and columns', () => {
    const text = Array.from({ length: 30 }, (_, i) => `l${i} é`).join('\n');
    const parts = [...segments(encode(text), 50, 8)];
    for (const part of parts) {
      const at = part.text.indexOf('l', 1);
      if (at === -1 || at >= part.own) continue;
      const name = /l(\d+)/.exec(part.text.slice(at))![1]!;
      expect(part.index.position(at)).toEqual({ line: Number(name) + 1, column: 1 });
    }
  });

  it('marks ASCII segments with their bytes, and only those', () => {
    const parts = [...segments(encode('plain\nnaïve\n'), 6, 0)];
    expect(parts.map((p) => p.ascii !== undefined)).toEqual([true, false]);
    expect(new TextDecoder().decode(parts[0]!.ascii)).toBe('plain\n');
  });

  it('stops the context on a character boundary', () => {
    const parts = [...segments(encode('ab\n€€€'), 3, 4)];
    expect(parts[0]!.text).toBe('ab\n€€');
    expect(parts[0]!.own).toBe(3);
  });
});

describe('alphabet runs', () => {
  const cases: Array<[string, number]> = [
    [`x = "${'A'.repeat(39)}"; y = "${'B1'.repeat(25)}";`, 40],
    [`${'a'.repeat(40)} ${'b'.repeat(41)} c ${'d'.repeat(80)}`, 40],
    ['short words only, never forty letters in a row', 40],
    [`${'z'.repeat(16)}.${'q'.repeat(16)}`, 16],
  ];
  /** Every maximal run of at least `min`, by brute force. */
  const expected = (text: string, min: number) =>
    [...text.matchAll(/[A-Za-z0-9+/=_-]+/g)]
      .filter((m) => m[0].length >= min)
      .map((m): [number, number] => [m.index!, m.index! + m[0].length]);

  it('finds exactly the maximal runs, in text and in ASCII bytes', () => {
    for (const [text, min] of cases) {
      expect(alphabetRuns(text, min)).toEqual(expected(text, min));
      expect(alphabetRunsInBytes(encode(text), min)).toEqual(expected(text, min));
    }
  });

  it('reports only the runs that start before the limit', () => {
    const text = `${'a'.repeat(40)}\n${'b'.repeat(40)}`;
    expect(alphabetRuns(text, 40, 41)).toEqual([[0, 40]]);
  });
});

describe('literal sets', () => {
  const set = new LiteralSet(['AKIA', 'service_account', 'xoxb-', 'hooks.slack.com', 'PRIVATE KEY']);

  it('finds the literals present, by their anchors', () => {
    expect([...set.found('const a = "AKIA…"; // hooks.slack.com/x')].sort()).toEqual(['AKIA', 'hooks.slack.com']);
    expect([...set.found('{"type": "service_account"} xoxb-1')].sort()).toEqual(['service_account', 'xoxb-']);
    expect(set.found('akia, service account, xoxb, hooks slack').size).toBe(0);
  });

  it('ignores literals that start at or after the limit', () => {
    expect(set.found('x PRIVATE KEY', 2).size).toBe(0);
    expect(set.found('x PRIVATE KEY', 3).has('PRIVATE KEY')).toBe(true);
  });
});

describe('value windows', () => {
  it('surround quoted values of 16+ token characters with their assignment', () => {
    const text = `const short = 'abc';\nconst password =   "Zx81Qw73Er65Ty49Ui";\n`;
    const windows = valueWindows(text, text.length, []);
    expect(windows).toHaveLength(1);
    const window = text.slice(...windows[0]!);
    expect(window).toContain('password =   "Zx81Qw73Er65Ty49Ui"');
  });

  it('surround long runs, and merge overlapping windows', () => {
    const text = `aws_secret = ${'K'.repeat(40)} and "${'v'.repeat(20)}"`;
    const run: [number, number] = [13, 53];
    const windows = valueWindows(text, text.length, [run]);
    expect(windows).toEqual([[0, text.length]]);
  });

  it('skip values that start after the own part', () => {
    const text = `a = 'x'\nb = "${'q'.repeat(30)}"`;
    expect(valueWindows(text, 8, [])).toEqual([]);
  });
});
