/**
 * The catalogue's search engine: MiniSearch (chosen over Orama on the figures in
 * docs/architecture.md, "Search engine") for term matching, with query normalisation, synonyms,
 * quality ranking, disjunctive facets and suggestions on top. Pure and in memory: the search
 * service (service.ts) feeds it listings and keeps its snapshot.
 */
import { normalizeWord, parseQuery, type QueryTerm, wordsOf } from '@mlebotics/shared';
import MiniSearch, { type Options, type Query } from 'minisearch';
import { decodeDocument, type EncodedDocument, encodeDocument } from './codec.js';
import { filterAndCount } from './facets.js';
import { highlight } from './highlight.js';
import { order, qualityFactor, type Ranked } from './ranking.js';
import {
  MAX_PAGE_SIZE,
  type SearchDocument,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type SearchSort,
} from './types.js';
import { Vocabulary, type VocabularyEntry } from './vocabulary.js';

/**
 * Field weights: name, then id and keywords, then the summary, then README headings. The id
 * and keywords share one field (same weight; each field costs a pass per query term), and the
 * id contributes only the words the name lacks (mostly the publisher's id, so a publisher is
 * found by it): indexing the name's words twice would only double the index.
 */
export const FIELD_BOOSTS = { name: 5, idAndKeywords: 3, summary: 1.5, readmeHeadings: 0.5 };
/** Heading words most READMEs have: they tell plugins apart no better than "the". */
const BOILERPLATE_HEADINGS = new Set(
  'installation install usage using configuration setup license contributing changelog example getting started'.split(
    ' ',
  ),
);
/** A match through a synonym counts this much of a literal match of the word. */
export const SYNONYM_WEIGHT = 0.6;
/** Fewer results than this and a suggestion is looked for even when every word is known. */
export const FEW_HITS = 5;
const SNAPSHOT_VERSION = 1;
/** An any-word fallback keeps this many of its best matches (MiniSearch returns them by score). */
export const MAX_ANY_WORD_RESULTS = 1000;
const MAX_PAGE = 1000;
const SORTS: readonly SearchSort[] = ['relevance', 'rating', 'installs', 'recent', 'name'];

function idAndKeywords(doc: SearchDocument): string {
  const nameWords = new Set(wordsOf(doc.name.toLowerCase()));
  return [...wordsOf(doc.id).filter((word) => !nameWords.has(word)), ...doc.keywords].join(' ');
}

const MINISEARCH_OPTIONS: Options<SearchDocument> = {
  fields: Object.keys(FIELD_BOOSTS),
  extractField: (doc, field) => {
    if (field === 'idAndKeywords') return idAndKeywords(doc);
    const value = doc[field as keyof SearchDocument];
    return Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '';
  },
  tokenize: wordsOf,
  processTerm: (term, field) => {
    const normalized = normalizeWord(term);
    return field === 'readmeHeadings' && normalized !== null && BOILERPLATE_HEADINGS.has(normalized)
      ? null
      : normalized;
  },
  searchOptions: { boost: FIELD_BOOSTS },
};

/** The library query for parsed terms: each term or one of its synonyms, all terms or any. */
function libraryQuery(terms: readonly QueryTerm[], combineWith: 'AND' | 'OR'): Query {
  return {
    combineWith,
    queries: terms.map((t) => ({
      combineWith: 'OR',
      queries: [
        { combineWith: 'OR', queries: [t.term], fuzzy: t.maxEdits, prefix: t.prefix },
        ...(t.synonyms.length > 0
          ? [
              {
                combineWith: 'OR' as const,
                queries: t.synonyms,
                fuzzy: 0,
                prefix: false,
                boostTerm: () => SYNONYM_WEIGHT,
              },
            ]
          : []),
      ],
    })),
  };
}

interface Snapshot {
  version: unknown;
  docs: EncodedDocument[];
  vocabulary: VocabularyEntry[];
  index: Parameters<typeof MiniSearch.loadJS>[0];
}

interface Match extends Ranked {
  /** The indexed terms that matched (a Set is made only for the hits shown). */
  terms: readonly string[];
}

const NO_TERMS: readonly string[] = [];

const clampInt = (value: unknown, min: number, max: number, fallback: number) =>
  typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.floor(value))) : fallback;

export interface SearchEngineOptions {
  /** The clock recency is measured against (tests pin it). */
  now?: () => number;
}

export class SearchEngine {
  private readonly docs = new Map<string, SearchDocument>();
  private vocabulary = new Vocabulary();
  private readonly now: () => number;
  private index_: MiniSearch<SearchDocument>;

  constructor(options: SearchEngineOptions = {}) {
    this.now = options.now ?? Date.now;
    this.index_ = new MiniSearch(MINISEARCH_OPTIONS);
  }

  /** Number of indexed documents. */
  get size(): number {
    return this.docs.size;
  }

  has(id: string): boolean {
    return this.docs.has(id);
  }

  /** The indexed document with this id (without its README headings, which are only indexed). */
  document(id: string): SearchDocument | undefined {
    return this.docs.get(id);
  }

  /** Adds a document, or replaces the one with the same id. */
  index(doc: SearchDocument): void {
    this.remove(doc.id);
    // README headings are only indexed: not keeping them saves memory and snapshot size.
    const { readmeHeadings: _, ...kept } = doc;
    this.docs.set(doc.id, kept);
    this.vocabulary.add(doc);
    this.index_.add(doc);
  }

  /** Adds many documents (faster than one by one for a full build). */
  indexAll(docs: Iterable<SearchDocument>): void {
    for (const doc of docs) this.index(doc);
  }

  /** Removes a document; a no-op for an unknown id. */
  remove(id: string): void {
    const doc = this.docs.get(id);
    if (!doc) return;
    this.docs.delete(id);
    this.vocabulary.remove(doc);
    this.index_.discard(id);
  }

  /** Runs a query. Never throws on any text, filter or paging value. */
  search(query: SearchQuery): SearchResult {
    const { terms } = parseQuery(query.text);
    const sort = SORTS.includes(query.sort) ? query.sort : 'relevance';
    const { passing, facets } = filterAndCount(this.match(terms), query.filters ?? {});
    order(passing, sort);
    const pageSize = clampInt(query.pageSize, 1, MAX_PAGE_SIZE, 20);
    const start = clampInt(query.page, 0, MAX_PAGE, 0) * pageSize;
    return {
      hits: passing.slice(start, start + pageSize).map(toHit),
      total: passing.length,
      facets,
      suggestion: terms.length > 0 ? this.vocabulary.suggest(terms, passing.length < FEW_HITS) : null,
    };
  }

  /** The documents matching the terms (all documents for none), scored. */
  private match(terms: readonly QueryTerm[]): Match[] {
    const now = this.now();
    if (terms.length === 0) {
      return Array.from(this.docs.values(), (doc) => ({ doc, score: qualityFactor(doc, now), terms: NO_TERMS }));
    }
    let results = this.index_.search(libraryQuery(terms, 'AND'));
    // Every word must match, unless then nothing does: better some results than none.
    // Only the best of those are ranked and counted: a few everyday words match most of a large
    // catalogue, and nobody pages past the first thousand any-word matches.
    if (results.length === 0 && terms.length > 1) {
      results = this.index_.search(libraryQuery(terms, 'OR')).slice(0, MAX_ANY_WORD_RESULTS);
    }
    return results.flatMap((result) => {
      const doc = this.docs.get(result.id as string);
      return doc ? [{ doc, score: result.score * qualityFactor(doc, now), terms: result.terms }] : [];
    });
  }

  /** The engine as a compact string (documents and index), for `SearchEngine.load`. */
  serialize(): string {
    const docs: EncodedDocument[] = Array.from(this.docs.values(), encodeDocument);
    return JSON.stringify({
      version: SNAPSHOT_VERSION,
      docs,
      vocabulary: this.vocabulary.entries(),
      index: this.index_,
    });
  }

  /** An engine from `serialize()`'s output, without re-indexing the documents. */
  static load(snapshot: string, options: SearchEngineOptions = {}): SearchEngine {
    const parsed = JSON.parse(snapshot) as Snapshot;
    if (parsed.version !== SNAPSHOT_VERSION) {
      throw new Error(
        `The search snapshot has version ${String(parsed.version)}, this engine reads version ${SNAPSHOT_VERSION}: rebuild it from the listings.`,
      );
    }
    const engine = new SearchEngine(options);
    engine.index_ = MiniSearch.loadJS(parsed.index, MINISEARCH_OPTIONS);
    engine.vocabulary = Vocabulary.fromEntries(parsed.vocabulary);
    for (const encoded of parsed.docs) engine.docs.set(encoded[0], decodeDocument(encoded));
    return engine;
  }
}

function toHit({ doc, score, terms: matched }: Match): SearchHit {
  const terms = new Set(matched);
  const name = highlight(doc.name, terms);
  const summary = highlight(doc.summary, terms);
  return {
    id: doc.id,
    score: Math.round(score * 1000) / 1000,
    highlights: { ...(name ? { name } : {}), ...(summary ? { summary } : {}) },
  };
}
