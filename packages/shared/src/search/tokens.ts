/**
 * Server-side search through Firestore: the functions store, on each listing, the prefixes of
 * the words of its name, id, keywords and summary (`searchTokens`); the app queries one token
 * with `array-contains`. See docs/architecture.md, "Discovery".
 */
export const MIN_TOKEN_LENGTH = 2;
export const MAX_TOKEN_LENGTH = 15;
/** Cap on stored tokens: bounds index entries per listing. */
export const MAX_TOKENS = 400;

const STOP_WORDS = new Set([
  'a',
  'an',
  'and',
  'the',
  'of',
  'for',
  'to',
  'in',
  'on',
  'with',
  'by',
  'or',
  'is',
  'it',
  'its',
  'at',
  'as',
  'from',
  'your',
]);

/** Lowercase words of a text, accents removed; ids split on dots and hyphens too. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= MIN_TOKEN_LENGTH && !STOP_WORDS.has(w));
}

export interface SearchableListing {
  id: string;
  name: string;
  summary: string;
  keywords: readonly string[];
  publisherId: string;
}

/** Prefix tokens of a listing; name, id and keywords first so the cap never drops them. */
export function searchTokens(listing: SearchableListing): string[] {
  const tokens = new Set<string>();
  const add = (word: string) => {
    for (let n = MIN_TOKEN_LENGTH; n <= Math.min(word.length, MAX_TOKEN_LENGTH); n++) {
      if (tokens.size >= MAX_TOKENS) return;
      tokens.add(word.slice(0, n));
    }
  };
  const primary = [
    ...words(listing.name),
    ...words(listing.id),
    ...listing.keywords.flatMap(words),
    ...words(listing.publisherId),
  ];
  for (const w of primary) add(w);
  for (const w of words(listing.summary)) add(w);
  return [...tokens];
}

/**
 * The token a search box text queries: its longest word (the most selective), cut to the token
 * length cap. Undefined when the text has no searchable word.
 */
export function queryToken(text: string): string | undefined {
  const ws = words(text);
  if (ws.length === 0) return undefined;
  const longest = ws.reduce((a, b) => (b.length > a.length ? b : a));
  return longest.slice(0, MAX_TOKEN_LENGTH);
}
