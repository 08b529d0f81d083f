/** What of a search document is indexed, field by field, and how much each field weighs. */
import { normalizeWord, wordsOf } from '@mlebotics/shared';
import type { SearchDocument } from './types.js';

/**
 * Field weights: name, then id and keywords, then the summary, then README headings. The id
 * and keywords share one field (same weight), and the id contributes only the words the name
 * lacks (mostly the publisher's id, so a publisher is found by it): indexing the name's words
 * twice would only double the index.
 */
export const FIELD_BOOSTS = { name: 5, idAndKeywords: 3, summary: 1.5, readmeHeadings: 0.5 };
/** The boosts in field order (the postings' field numbers). */
export const BOOSTS = Object.values(FIELD_BOOSTS);
/** Heading words most READMEs have: they tell plugins apart no better than "the". */
const BOILERPLATE_HEADINGS = new Set(
  'installation install usage using configuration setup license contributing changelog example getting started'.split(
    ' ',
  ),
);
function idAndKeywords(doc: SearchDocument): string[] {
  const nameWords = new Set(wordsOf(doc.name.toLowerCase()));
  return [...wordsOf(doc.id).filter((word) => !nameWords.has(word)), ...doc.keywords.flatMap(wordsOf)];
}

/** A document's fields as index terms, in FIELD_BOOSTS order. */
export function analyzeFields(doc: SearchDocument): string[][] {
  const terms = (words: string[], skip?: ReadonlySet<string>) =>
    words.flatMap((word) => {
      const term = normalizeWord(word);
      return term === null || skip?.has(term) ? [] : [term];
    });
  return [
    terms(wordsOf(doc.name)),
    terms(idAndKeywords(doc)),
    terms(wordsOf(doc.summary)),
    terms((doc.readmeHeadings ?? []).flatMap(wordsOf), BOILERPLATE_HEADINGS),
  ];
}
