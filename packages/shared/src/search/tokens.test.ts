import { describe, expect, it } from 'vitest';
import {
  MAX_TOKENS,
  MAX_TOKEN_LENGTH,
  MIN_TOKEN_LENGTH,
  queryToken,
  searchTokens,
  words,
  type SearchableListing,
} from './tokens.js';

/** Prefixes of `word` from MIN_TOKEN_LENGTH to MAX_TOKEN_LENGTH characters. */
function prefixes(word: string): string[] {
  const out: string[] = [];
  for (let n = MIN_TOKEN_LENGTH; n <= Math.min(word.length, MAX_TOKEN_LENGTH); n++) out.push(word.slice(0, n));
  return out;
}

/** A deterministic word of `length` letters, distinct for each `i` from its first two letters on. */
function fillerWord(i: number, length: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const head = `q${letters[Math.floor(i / 26) % 26]}${letters[i % 26]}`;
  return (head + 'x'.repeat(length)).slice(0, length);
}

const listing = (overrides: Partial<SearchableListing> = {}): SearchableListing => ({
  id: 'acme.weather',
  name: 'Weather',
  summary: '',
  keywords: [],
  publisherId: 'acme',
  ...overrides,
});

describe('words', () => {
  it('lowercases and removes accents (NFKD + combining marks), including compatibility forms', () => {
    expect(words('Café Crème BRÛLÉE')).toEqual(['cafe', 'creme', 'brulee']);
    expect(words('Ångström naïve façade')).toEqual(['angstrom', 'naive', 'facade']);
    // The "fi" ligature and full-width letters decompose to plain ASCII under NFKD.
    expect(words('\ufb01lter ＲＯＢＯＴ')).toEqual(['filter', 'robot']);
    // Decomposed input gives the same words as precomposed input.
    expect(words('cafe\u0301')).toEqual(words('caf\u00e9'));
  });

  it('drops stop words wherever they are and whatever their case', () => {
    expect(words('The Art of the Robot and its Arm')).toEqual(['art', 'robot', 'arm']);
    expect(words('FOR YOUR robots: WITH love, FROM us')).toEqual(['robots', 'love', 'us']);
    expect(words('the of and for to in on with by or is it its at as from your an a')).toEqual([]);
  });

  it('keeps words that merely contain or extend a stop word', () => {
    expect(words('theory android forward island')).toEqual(['theory', 'android', 'forward', 'island']);
  });

  it('splits ids on dots and hyphens, and text on any non-alphanumeric character', () => {
    expect(words('acme.weather-station')).toEqual(['acme', 'weather', 'station']);
    expect(words('robo_arm/v2:grip+pose')).toEqual(['robo', 'arm', 'v2', 'grip', 'pose']);
    expect(words('  --..  ')).toEqual([]);
  });

  it('keeps digits and drops words shorter than MIN_TOKEN_LENGTH', () => {
    expect(MIN_TOKEN_LENGTH).toBe(2);
    expect(words('a b c 3d x1 7 ok')).toEqual(['3d', 'x1', 'ok']);
    expect(words('2024 v9')).toEqual(['2024', 'v9']);
  });

  it('returns nothing for empty text or text without Latin letters or digits', () => {
    expect(words('')).toEqual([]);
    expect(words('ロボット')).toEqual([]);
  });
});

describe('searchTokens', () => {
  it('stores every prefix from 2 to 15 characters of each word, never one longer', () => {
    const tokens = searchTokens(listing({ name: 'Thermostatcontroller', id: 'acme.x', publisherId: 'acme' }));
    expect(tokens).toEqual(expect.arrayContaining(prefixes('thermostatcontroller')));
    expect(tokens).toContain('th');
    expect(tokens).toContain('thermostatcontr');
    expect(tokens).not.toContain('t');
    expect(tokens).not.toContain('thermostatcontro');
    expect(tokens).not.toContain('thermostatcontroller');
    expect(Math.max(...tokens.map((t) => t.length))).toBe(MAX_TOKEN_LENGTH);
    expect(Math.min(...tokens.map((t) => t.length))).toBe(MIN_TOKEN_LENGTH);
  });

  it('indexes name, id, keywords, publisher and summary words, exactly once each, without stop words', () => {
    const tokens = searchTokens({
      id: 'acme.arm',
      name: 'The Gripper',
      summary: 'Moves the arm',
      keywords: ['Servo'],
      publisherId: 'acme',
    });
    expect(tokens).toEqual([
      ...prefixes('gripper'),
      ...prefixes('acme'),
      ...prefixes('arm'),
      ...prefixes('servo'),
      // 'acme' (publisher) and 'arm' (summary) were already indexed.
      ...prefixes('moves'),
    ]);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(tokens).not.toContain('th');
  });

  it('indexes the publisher id even when the listing id does not repeat it', () => {
    const tokens = searchTokens(listing({ id: 'acme.weather', publisherId: 'zenbotics' }));
    expect(tokens).toEqual(expect.arrayContaining(prefixes('zenbotics')));
  });

  it('indexes accented words under their unaccented prefixes', () => {
    const tokens = searchTokens(listing({ name: 'Crème Brûlée' }));
    expect(tokens).toEqual(expect.arrayContaining(['cr', 'cre', 'creme', 'br', 'brulee']));
    expect(tokens.some((t) => /[^a-z0-9]/.test(t))).toBe(false);
  });

  it(`caps the tokens at ${MAX_TOKENS}, keeping name, id, keyword and publisher prefixes when the summary overflows`, () => {
    // 60 distinct 15-letter summary words: their distinct prefixes alone are far more than the cap.
    const summary = Array.from({ length: 60 }, (_, i) => fillerWord(i, 15)).join(' ');
    expect(new Set(words(summary).flatMap(prefixes)).size).toBeGreaterThan(1.5 * MAX_TOKENS);
    const big = {
      id: 'zephyrcorp.windgauge-pro',
      name: 'Anemometer Deluxe',
      summary,
      keywords: ['turbulence', 'barometric'],
      publisherId: 'zephyrcorp',
    };
    const tokens = searchTokens(big);
    expect(tokens).toHaveLength(MAX_TOKENS);
    for (const word of ['anemometer', 'deluxe', 'zephyrcorp', 'windgauge', 'pro', 'turbulence', 'barometric']) {
      expect(tokens).toEqual(expect.arrayContaining(prefixes(word)));
    }
    // The summary fills exactly what is left, in order: its first word is in, its last is not.
    expect(tokens).toContain(fillerWord(0, 15));
    expect(tokens).not.toContain(fillerWord(59, 15));

    // Without the summary, the primary tokens are the same and come first.
    const primary = searchTokens({ ...big, summary: '' });
    expect(tokens.slice(0, primary.length)).toEqual(primary);
  });

  it('caps the tokens even when the primary fields alone overflow', () => {
    const keywords = Array.from({ length: 40 }, (_, i) => fillerWord(i, 15));
    const tokens = searchTokens(listing({ name: 'Zzname', keywords, summary: 'never indexed summaryword' }));
    expect(tokens).toHaveLength(MAX_TOKENS);
    expect(tokens.slice(0, 5)).toEqual(prefixes('zzname'));
    expect(tokens).not.toContain('summaryword');
  });

  it('is empty for a listing made only of stop words and one-letter words', () => {
    expect(searchTokens({ id: 'a.b', name: 'The', summary: 'of the x', keywords: ['a'], publisherId: 'a' })).toEqual(
      [],
    );
  });
});

describe('queryToken', () => {
  it('queries the longest word of the text, accents removed and lowercased', () => {
    expect(queryToken('robot Thermométre arm')).toBe('thermometre');
    expect(queryToken('  Gripper  ')).toBe('gripper');
  });

  it('keeps the first of equally long words', () => {
    expect(queryToken('alpha gamma')).toBe('alpha');
    expect(queryToken('gamma alpha')).toBe('gamma');
  });

  it(`cuts the word to ${MAX_TOKEN_LENGTH} characters, so it matches a stored prefix`, () => {
    const word = 'supercalifragilisticexpialidocious';
    expect(queryToken(word)).toBe(word.slice(0, MAX_TOKEN_LENGTH));
    expect(searchTokens(listing({ name: word }))).toContain(queryToken(word));
  });

  it('finds a listing from a partial word of its name, id, keyword or publisher', () => {
    const tokens = searchTokens({
      id: 'acme.windgauge',
      name: 'Anemometer',
      summary: '',
      keywords: ['turbulence'],
      publisherId: 'acme',
    });
    for (const typed of ['ANEMO', 'wind', 'Turb', 'ac']) expect(tokens).toContain(queryToken(typed));
    expect(tokens).not.toContain(queryToken('anemometers'));
  });

  it('is undefined when the text has no searchable word', () => {
    expect(queryToken('')).toBeUndefined();
    expect(queryToken('the of a')).toBeUndefined();
    expect(queryToken('x - y')).toBeUndefined();
  });
});
