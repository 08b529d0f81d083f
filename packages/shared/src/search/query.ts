/**
 * Query normalisation of catalogue search, shared by the search engine (functions) and the
 * console: the same words, stems and synonyms on both sides. Every function here is total: any
 * string (10,000 characters, control characters, emoji, `__proto__`, only punctuation) gives a
 * bounded result and never throws, and no character of the input reaches a search library as
 * syntax — queries become plain lists of terms.
 */
import { SYNONYM_WORDS, synonymsOf } from './synonyms.js';

/** Characters of query text kept (more is cut off, not refused: people paste). */
export const MAX_QUERY_CHARS = 200;
/** Distinct terms kept from a query: each costs a fuzzy lookup. */
export const MAX_QUERY_TERMS = 8;
/** Longer words are cut: no plugin name has them, and fuzzy matching cost grows with length. */
export const MAX_TERM_CHARS = 32;

const STOP_WORDS: ReadonlySet<string> = new Set(
  'a an and the of for to in on with by or is it its at as from your my plugin plugins'.split(' '),
);

/** A word of a text with its position in that text (for highlights). */
export interface WordSpan {
  word: string;
  start: number;
  end: number;
}

/** One term of a parsed query. */
export interface QueryTerm {
  /** Normalised (folded, stemmed) term. */
  term: string;
  /** Matches words that start with it (the last word, while someone is typing it). */
  prefix: boolean;
  /** Largest edit distance a word may be from the term and still match. */
  maxEdits: number;
  /** Curated synonyms of the term (or of the table word it misspells), to match as well. */
  synonyms: string[];
}

export interface ParsedQuery {
  /** The text after capping and removing control characters. */
  text: string;
  terms: QueryTerm[];
}

/** Cuts the text to MAX_QUERY_CHARS and drops control, format and unassigned characters. */
export function sanitizeQueryText(text: unknown): string {
  if (typeof text !== 'string') return '';
  // Cut before the regex pass so its cost is bounded whatever arrives.
  return Array.from(text.slice(0, MAX_QUERY_CHARS * 2))
    .slice(0, MAX_QUERY_CHARS)
    .join('')
    .replace(/[\p{C}]/gu, ' ');
}

/** The letter-or-digit runs of a text, with their offsets in it. */
export function wordSpans(text: string): WordSpan[] {
  return Array.from(text.matchAll(/[\p{L}\p{N}]+/gu), (m) => ({
    word: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** Lowercase, accents removed, compatibility forms unified (ﬁ → fi, full-width digits). */
export function fold(word: string): string {
  const lower = word.toLowerCase();
  // Most words are plain ASCII: skip the (costly) normalisation for them.
  return /^[a-z0-9]*$/.test(lower) ? lower : lower.normalize('NFKD').replace(/\p{M}/gu, '');
}

/** The letter-or-digit runs of a text (wordSpans without offsets, cheaper: what indexing needs). */
export function wordsOf(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
}

/**
 * Light English stemming: plural to singular only ("sensors" → "sensor", "batteries" →
 * "battery", "boxes" → "box"), never touching words ending in -ss, -us or -is, and never below
 * three letters. Heavier stemmers merge words people tell apart ("monitoring"/"monitor" is
 * left to the synonym table).
 */
export function stem(word: string): string {
  if (word.length <= 3 || !word.endsWith('s')) return word;
  if (/(ss|us|is)$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}

/** The index and query form of a word, or null for a stop word. */
export function normalizeWord(word: string): string | null {
  const folded = fold(word).slice(0, MAX_TERM_CHARS);
  if (folded.length === 0 || STOP_WORDS.has(folded)) return null;
  return stem(folded);
}

/** The normalised terms of a text, in order, duplicates kept (what gets indexed). */
export function analyze(text: string): string[] {
  return wordsOf(text).flatMap((word) => normalizeWord(word) ?? []);
}

/** Typo tolerance scaled to term length: none up to 3 characters, 1 up to 7, then 2. */
export function maxEditsFor(term: string): number {
  if (term.length <= 3) return 0;
  return term.length <= 7 ? 1 : 2;
}

/**
 * Levenshtein distance of a and b, or `max + 1` as soon as it must exceed `max` (so a long
 * hostile word costs O(length × max), not O(length²)).
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return Math.min(previous[b.length]!, max + 1);
}

/**
 * The words made by swapping two neighbouring letters of a term ("slakc" → "slack", …): the
 * commonest typo, which Levenshtein distance counts as two edits. Matched as one edit. Only
 * for terms long enough to have any typo tolerance.
 */
export function transpositionsOf(term: string): string[] {
  if (maxEditsFor(term) === 0) return [];
  const variants = new Set<string>();
  for (let i = 0; i + 1 < term.length; i++) {
    if (term[i] === term[i + 1]) continue;
    variants.add(term.slice(0, i) + term[i + 1] + term[i] + term.slice(i + 2));
  }
  return [...variants];
}

/** The synonyms of a term, or of the table word it is a typo of. */
export function expandSynonyms(term: string): string[] {
  const direct = synonymsOf(term);
  if (direct.length > 0) return direct;
  const edits = maxEditsFor(term);
  if (edits === 0) return [];
  let best: { word: string; distance: number } | null = null;
  for (const word of SYNONYM_WORDS) {
    const distance = editDistance(term, word, edits);
    if (distance <= edits && (!best || distance < best.distance)) best = { word, distance };
  }
  return best ? [best.word, ...synonymsOf(best.word)] : [];
}

/**
 * Parses search-box text into terms: capped, control characters removed, punctuation and any
 * operator-like characters treated as spaces (`pick & place` = `pick place`), stop words and
 * repeated terms dropped, at most MAX_QUERY_TERMS. The last term matches as a prefix unless
 * the text ends with a separator (the person has finished typing it).
 */
export function parseQuery(raw: unknown): ParsedQuery {
  const text = sanitizeQueryText(raw);
  const seen = new Set<string>();
  const words: string[] = [];
  for (const { word } of wordSpans(text)) {
    const term = normalizeWord(word);
    if (term === null || seen.has(term)) continue;
    seen.add(term);
    words.push(term);
    if (words.length === MAX_QUERY_TERMS) break;
  }
  const typing = /[\p{L}\p{N}]$/u.test(text);
  const terms = words.map((term, i) => ({
    term,
    prefix: typing && i === words.length - 1 && term.length >= 2,
    maxEdits: maxEditsFor(term),
    synonyms: expandSynonyms(term),
  }));
  return { text, terms };
}
