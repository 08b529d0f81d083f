/** Highlighted matches: the words of a field whose index form is one the query matched. */
import { normalizeWord, wordSpans } from '@mlebotics/shared';
import type { Highlight } from './types.js';

/** [start, end) ranges of the words of `text` that normalise to one of `matched`; undefined if none. */
export function highlight(text: string, matched: ReadonlySet<string>): Highlight | undefined {
  const ranges: Highlight = [];
  for (const { word, start, end } of wordSpans(text)) {
    const term = normalizeWord(word);
    if (term !== null && matched.has(term)) ranges.push([start, end]);
  }
  return ranges.length > 0 ? ranges : undefined;
}
