/**
 * The words of listing names and keywords, for "Did you mean …": a misspelt query word is
 * replaced by the closest of them (fewest edits, then the most listings using it).
 */
import { fold, maxEditsFor, normalizeWord, type QueryTerm, transpositionsOf, wordsOf } from '@mlebotics/shared';
import SearchableMap from 'minisearch/SearchableMap';

interface Entry {
  /** Listings using the word. */
  count: number;
  /** The word as a listing spells it (the index form is stemmed), shown in the suggestion. */
  surface: string;
}

/** The words that suggestions are made of, for a listing. */
function suggestableWords(doc: { name: string; keywords: readonly string[] }): Map<string, string> {
  const words = new Map<string, string>();
  for (const text of [doc.name, ...doc.keywords]) {
    for (const word of wordsOf(text)) {
      const term = normalizeWord(word);
      if (term !== null && !words.has(term)) words.set(term, fold(word));
    }
  }
  return words;
}

/** A vocabulary word as serialized: index form, listings using it, surface form. */
export type VocabularyEntry = [term: string, count: number, surface: string];

export class Vocabulary {
  private readonly words = new SearchableMap<Entry>();

  /** The words, for a snapshot (loading them back is much cheaper than re-reading every listing). */
  entries(): VocabularyEntry[] {
    return Array.from(this.words, ([term, { count, surface }]) => [term, count, surface]);
  }

  static fromEntries(entries: readonly VocabularyEntry[]): Vocabulary {
    const vocabulary = new Vocabulary();
    for (const [term, count, surface] of entries) vocabulary.words.set(term, { count, surface });
    return vocabulary;
  }

  add(doc: { name: string; keywords: readonly string[] }): void {
    for (const [term, surface] of suggestableWords(doc)) {
      this.words.update(term, (entry: Entry | undefined) =>
        entry ? { ...entry, count: entry.count + 1 } : { count: 1, surface },
      );
    }
  }

  remove(doc: { name: string; keywords: readonly string[] }): void {
    for (const term of suggestableWords(doc).keys()) {
      const entry = this.words.get(term);
      if (!entry) continue;
      if (entry.count <= 1) this.words.delete(term);
      else this.words.set(term, { ...entry, count: entry.count - 1 });
    }
  }

  /** Whether a listing name or keyword is this word (or, for a prefix term, starts with it). */
  knows({ term, prefix }: QueryTerm): boolean {
    if (this.words.has(term)) return true;
    if (!prefix) return false;
    for (const _ of this.words.atPrefix(term).keys()) return true;
    return false;
  }

  /**
   * The closest known word, within the term's typo tolerance (at least one edit; two
   * neighbouring letters swapped count as one).
   */
  closest(term: string): string | null {
    const best: { surface: string | null; distance: number; count: number } = {
      surface: null,
      distance: Infinity,
      count: 0,
    };
    const consider = (entry: Entry, distance: number) => {
      if (distance < best.distance || (distance === best.distance && entry.count > best.count)) {
        Object.assign(best, { surface: entry.surface, distance, count: entry.count });
      }
    };
    for (const [, [entry, distance]] of this.words.fuzzyGet(term, Math.max(1, maxEditsFor(term)))) {
      consider(entry, distance);
    }
    for (const swapped of transpositionsOf(term)) {
      const entry = this.words.get(swapped);
      if (entry) consider(entry, 1);
    }
    return best.surface;
  }

  /**
   * A corrected query, or null when there is nothing to correct. Asked only when the query
   * found few results or has a word no listing name or keyword uses.
   */
  suggest(terms: readonly QueryTerm[], fewHits: boolean): string | null {
    const unknown = terms.map((t) => !this.knows(t));
    if (!fewHits && !unknown.includes(true)) return null;
    let corrected = false;
    const words = terms.map((t, i) => {
      const replacement = unknown[i] ? this.closest(t.term) : null;
      if (replacement === null) return this.words.get(t.term)?.surface ?? t.term;
      corrected = true;
      return replacement;
    });
    return corrected ? words.join(' ') : null;
  }
}
