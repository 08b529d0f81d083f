import { describe, expect, it } from 'vitest';
import {
  editDistance,
  expandSynonyms,
  MAX_QUERY_CHARS,
  MAX_QUERY_TERMS,
  maxEditsFor,
  parseQuery,
  stem,
  transpositionsOf,
} from './query.js';
import { SYNONYM_GROUPS, synonymsOf } from './synonyms.js';

const terms = (text: unknown) => parseQuery(text).terms.map((t) => t.term);

describe('parseQuery', () => {
  it('strips punctuation and operators: "pick & place" = "pick place"', () => {
    expect(terms('pick & place')).toEqual(['pick', 'place']);
    expect(terms('pick place')).toEqual(['pick', 'place']);
    expect(terms('+pick -place* "x:y" (a|b) ~2')).toEqual(['pick', 'place', 'x', 'y', 'b', '2']);
  });

  it('makes only the last word a prefix, and not once the person typed a space after it', () => {
    expect(parseQuery('slack notif').terms.map((t) => t.prefix)).toEqual([false, true]);
    expect(parseQuery('slack notif ').terms.map((t) => t.prefix)).toEqual([false, false]);
  });

  it('scales typo tolerance with term length', () => {
    expect(['gps', 'slak', 'weather', 'temprature'].map(maxEditsFor)).toEqual([0, 1, 1, 2]);
  });

  it('folds case and accents and stems plurals', () => {
    expect(terms('Sensors BATTERIES Boxes Café')).toEqual(['sensor', 'battery', 'box', 'cafe']);
    expect(['status', 'gps', 'class', 'analysis'].map(stem)).toEqual(['status', 'gps', 'class', 'analysis']);
  });

  it('expands synonyms, also of a misspelt table word', () => {
    expect(parseQuery('thermo').terms[0]?.synonyms).toContain('temperature');
    expect(expandSynonyms('temprature')).toContain('thermometer');
    expect(expandSynonyms('robot')).toEqual([]);
  });

  it.each([
    ['10,000 characters', 'a'.repeat(10_000)],
    ['regex metacharacters', '.*+?^${}()|[]\\/'],
    ['control characters', 'slack\u0000\u0007\u001b[31m\u202e'],
    ['emoji and other scripts', '🤖 роботы 机器人 ロボット 🔥🔥'],
    ['prototype keys', '__proto__ constructor prototype'],
    ['only punctuation', '!!!???...---'],
    ['50 words', Array.from({ length: 50 }, (_, i) => `word${i}`).join(' ')],
    ['not a string', { toString: (): string => 'x' }],
  ])('is total and bounded on %s', (_, input) => {
    const parsed = parseQuery(input);
    expect(parsed.text.length).toBeLessThanOrEqual(MAX_QUERY_CHARS * 2);
    expect(Array.from(parsed.text).length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
    expect([...parsed.text].some((c) => c.codePointAt(0)! < 0x20 || c === '\u202e')).toBe(false);
    expect(parsed.terms.length).toBeLessThanOrEqual(MAX_QUERY_TERMS);
  });

  it('keeps unicode words and drops repeated ones', () => {
    expect(terms('роботы роботы')).toEqual(['роботы']);
    expect(terms('')).toEqual([]);
  });
});

describe('editDistance', () => {
  it('counts edits and stops at the bound', () => {
    expect(editDistance('slak', 'slack', 2)).toBe(1);
    expect(editDistance('temprature', 'temperature', 2)).toBe(1);
    expect(editDistance('a'.repeat(5000), 'b'.repeat(5000), 2)).toBe(3);
  });
});

describe('transpositionsOf', () => {
  it('swaps each pair of different neighbouring letters, only for words with typo tolerance', () => {
    expect(transpositionsOf('slakc')).toEqual(['lsakc', 'salkc', 'slkac', 'slack']);
    expect(transpositionsOf('book')).toEqual(['obok', 'boko']);
    expect(transpositionsOf('cam')).toEqual([]);
    expect(transpositionsOf('a'.repeat(32))).toEqual([]);
  });
});

describe('synonym table', () => {
  it('has each word in one group only, lowercase and singular', () => {
    const words = SYNONYM_GROUPS.flat();
    expect(new Set(words).size).toBe(words.length);
    for (const word of words) expect(stem(word.toLowerCase())).toBe(word);
    expect(synonymsOf('notify')).toEqual(expect.arrayContaining(['notification', 'alert']));
  });
});
