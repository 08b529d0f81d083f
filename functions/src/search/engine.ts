/**
 * The catalogue's search engine: query normalisation, synonyms, quality ranking, disjunctive
 * facets and suggestions over an inverted index (postings.ts) whose term dictionary is
 * MiniSearch's radix tree. MiniSearch's own index and scorer were measured first and chosen
 * over Orama, then replaced by compact postings where they were too slow at 50,000 listings
 * (figures in docs/architecture.md, "Search engine"). Pure and in memory: the search service
 * (service.ts) feeds it listings and keeps its snapshot.
 */
import { parseQuery } from '@mlebotics/shared';
import { checkEncoded, decodeDocument, type EncodedDocument, encodeDocument, StringTable } from './codec.js';
import { type DocumentFacets, facetsOf, filterAndCount } from './facets.js';
import { analyzeFields, BOOSTS } from './fields.js';
import { highlight } from './highlight.js';
import { Postings, type Expansion } from './postings.js';
import { orderedTop, qualityFactor, type Ranked } from './ranking.js';
import {
  MAX_PAGE_SIZE,
  type SearchDocument,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type SearchSort,
} from './types.js';
import { Vocabulary, type VocabularyEntry } from './vocabulary.js';

/** A match through a synonym counts this much of a literal match of the word. */
export const SYNONYM_WEIGHT = 0.6;
/** Fewer results than this and a suggestion is looked for even when every word is known. */
export const FEW_HITS = 5;
/** Snapshot layout version (see `serialize`). */
const SNAPSHOT_VERSION = 2;
const MAGIC = 'MLS2';
/** An any-word fallback keeps this many of its best matches. */
export const MAX_ANY_WORD_RESULTS = 1000;
const MAX_PAGE = 1000;
const HOUR_MS = 3_600_000;
const SORTS: readonly SearchSort[] = ['relevance', 'rating', 'installs', 'recent', 'name'];

interface SnapshotHeader {
  version: unknown;
  strings: string[];
  docs: EncodedDocument[];
  vocabulary: VocabularyEntry[];
  lengths: number[];
  terms: string[];
  counts: number[];
  df: number[];
}

interface Match extends Ranked {
  slot: number;
  facets: DocumentFacets;
}

const clampInt = (value: unknown, min: number, max: number, fallback: number) =>
  typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.floor(value))) : fallback;

export interface SearchEngineOptions {
  /** The clock recency is measured against (tests pin it). */
  now?: () => number;
}

export class SearchEngine {
  /** Documents by id; those of a loaded snapshot stay encoded until first read (a third of a cold load's allocations). */
  private readonly docs = new Map<string, SearchDocument | EncodedDocument>();
  /** The string table of the loaded snapshot's encoded documents. */
  private strings: readonly string[] = [];
  private vocabulary = new Vocabulary();
  private readonly now: () => number;
  private postings = new Postings(BOOSTS);
  /** Per slot, its document, the document's facet ids and its quality factor (of that hour), made when first needed. */
  private perSlot: Array<{ doc: SearchDocument; facets: DocumentFacets; quality: number; hour: number } | undefined> =
    [];
  private perSlotLayout = -1;

  constructor(options: SearchEngineOptions = {}) {
    this.now = options.now ?? Date.now;
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
    const stored = this.docs.get(id);
    if (!Array.isArray(stored)) return stored;
    const doc = decodeDocument(stored, this.strings);
    this.docs.set(id, doc);
    return doc;
  }

  /** Adds a document, or replaces the one with the same id. */
  index(doc: SearchDocument): void {
    this.remove(doc.id);
    // README headings are only indexed: not keeping them saves memory and snapshot size.
    const { readmeHeadings: _, ...kept } = doc;
    this.docs.set(doc.id, kept);
    this.vocabulary.add(doc);
    this.postings.add(doc.id, analyzeFields(doc));
  }

  /** Adds many documents. */
  indexAll(docs: Iterable<SearchDocument>): void {
    for (const doc of docs) this.index(doc);
  }

  /** Removes a document; a no-op for an unknown id. */
  remove(id: string): void {
    const doc = this.document(id);
    if (!doc) return;
    this.docs.delete(id);
    this.vocabulary.remove(doc);
    this.postings.remove(id);
  }

  /** Runs a query. Never throws on any text, filter or paging value. */
  search(query: SearchQuery): SearchResult {
    const { terms } = parseQuery(query.text);
    const sort = SORTS.includes(query.sort) ? query.sort : 'relevance';
    const expansions = terms.map((term) => this.postings.expand(term, SYNONYM_WEIGHT));
    const { passing, facets } = filterAndCount(this.match(expansions), query.filters ?? {});
    const pageSize = clampInt(query.pageSize, 1, MAX_PAGE_SIZE, 20);
    const start = clampInt(query.page, 0, MAX_PAGE, 0) * pageSize;
    return {
      hits: orderedTop(passing, sort, start + pageSize)
        .slice(start)
        .map((match) => this.toHit(match, expansions)),
      total: passing.length,
      facets,
      suggestion: terms.length > 0 ? this.vocabulary.suggest(terms, passing.length < FEW_HITS) : null,
    };
  }

  /**
   * The documents matching every query term (all documents for none), scored: text relevance ×
   * quality. When no document has every term, the documents with most of them: better some
   * results than none; only the best MAX_ANY_WORD_RESULTS of those are ranked and counted (a
   * few everyday words match most of a large catalogue, and nobody pages past a thousand).
   */
  private match(expansions: readonly Expansion[]): Match[] {
    const now = this.now();
    this.preparePerSlot();
    if (expansions.length === 0) {
      return this.postings.liveSlots().map((slot) => this.matchOf(slot, 1, now));
    }
    const { slots, scores, matched } = this.postings.score(expansions);
    const all = expansions.length;
    let chosen = slots.filter((slot) => matched[slot] === all);
    let relevance = (slot: number) => scores[slot]!;
    if (chosen.length === 0 && all > 1) {
      relevance = (slot) => (scores[slot]! * matched[slot]!) / all;
      chosen = slots
        .map((slot) => ({ slot, score: relevance(slot) }))
        .sort((a, b) => b.score - a.score || a.slot - b.slot)
        .slice(0, MAX_ANY_WORD_RESULTS)
        .map(({ slot }) => slot);
    }
    return chosen.map((slot) => this.matchOf(slot, relevance(slot), now));
  }

  /** Per-slot data for every slot, dropped when slots were renumbered (filled in order: a dense array). */
  private preparePerSlot(): void {
    if (this.perSlotLayout !== this.postings.layout) {
      this.perSlot = [];
      this.perSlotLayout = this.postings.layout;
    }
    while (this.perSlot.length < this.postings.slotCount) this.perSlot.push(undefined);
  }

  /**
   * A slot's match: its document, relevance × quality, and its facets. Facets and quality are
   * kept per slot (quality for the hour: recency moves slowly), so a query over tens of
   * thousands of documents does not compute them again.
   */
  private matchOf(slot: number, relevance: number, now: number): Match {
    const hour = Math.floor(now / HOUR_MS);
    let kept = this.perSlot[slot];
    if (!kept || kept.hour !== hour) {
      // A slot holds one document for its lifetime (a replaced document gets a new slot).
      const doc = kept?.doc ?? this.document(this.postings.idAt(slot)!)!;
      kept = { doc, facets: kept?.facets ?? facetsOf(doc), quality: qualityFactor(doc, now), hour };
      this.perSlot[slot] = kept;
    }
    return { doc: kept.doc, score: relevance * kept.quality, slot, facets: kept.facets };
  }

  private toHit({ doc, score, slot }: Match, expansions: readonly Expansion[]): SearchHit {
    const terms = new Set(this.postings.termsOf(slot, expansions));
    const name = highlight(doc.name, terms);
    const summary = highlight(doc.summary, terms);
    return {
      id: doc.id,
      preview: { name: doc.name, summary: doc.summary, publisherName: doc.publisherName },
      score: Math.round(score * 1000) / 1000,
      highlights: { ...(name ? { name } : {}), ...(summary ? { summary } : {}) },
    };
  }

  /**
   * The engine as bytes, for `SearchEngine.load`: "MLS2", the header's byte length (uint32 LE),
   * the header (JSON: documents, vocabulary, field lengths, terms, posting counts, document
   * frequencies), padding to 4 bytes, then the postings' slots and frequencies as int32 LE.
   * Loading it parses a third of what a JSON snapshot would and rebuilds no maps per document.
   */
  serialize(): Uint8Array {
    const data = this.postings.toData();
    const table = new StringTable();
    const docs = data.keys.map((id) => encodeDocument(this.document(id)!, table));
    const header: SnapshotHeader = {
      version: SNAPSHOT_VERSION,
      strings: table.strings,
      docs,
      vocabulary: this.vocabulary.entries(),
      lengths: data.lengths,
      terms: data.terms,
      counts: data.counts,
      df: data.df,
    };
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const offset = Math.ceil((8 + json.length) / 4) * 4;
    const bytes = Buffer.alloc(offset + data.slots.byteLength * 2);
    bytes.write(MAGIC, 0, 'latin1');
    bytes.writeUInt32LE(json.length, 4);
    json.copy(bytes, 8);
    Buffer.from(data.slots.buffer).copy(bytes, offset);
    Buffer.from(data.freqs.buffer).copy(bytes, offset + data.slots.byteLength);
    return bytes;
  }

  /** An engine from `serialize()`'s output, without re-indexing the documents. */
  static load(snapshot: Uint8Array, options: SearchEngineOptions = {}): SearchEngine {
    const bytes = Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength);
    const rebuild = 'rebuild it from the listings';
    if (bytes.length < 8 || bytes.toString('latin1', 0, 4) !== MAGIC) {
      throw new Error(`The search snapshot is not in this engine's format (version ${SNAPSHOT_VERSION}): ${rebuild}.`);
    }
    const jsonLength = bytes.readUInt32LE(4);
    const header = JSON.parse(bytes.toString('utf8', 8, 8 + jsonLength)) as SnapshotHeader;
    if (header.version !== SNAPSHOT_VERSION) {
      throw new Error(
        `The search snapshot has version ${String(header.version)}, this engine reads version ${SNAPSHOT_VERSION}: ${rebuild}.`,
      );
    }
    const offset = Math.ceil((8 + jsonLength) / 4) * 4;
    const total = header.counts.reduce((sum, n) => sum + n, 0);
    if (bytes.length !== offset + total * 8) throw new Error(`The search snapshot is cut short: ${rebuild}.`);
    // A copy, so the int32 views are aligned whatever the buffer's offset.
    const integers = new Int32Array(new Uint8Array(bytes.subarray(offset)).buffer);
    const engine = new SearchEngine(options);
    engine.postings = Postings.fromData(BOOSTS, {
      keys: header.docs.map((encoded) => encoded[0]),
      lengths: header.lengths,
      terms: header.terms,
      counts: header.counts,
      df: header.df,
      slots: integers.subarray(0, total),
      freqs: integers.subarray(total),
    });
    engine.vocabulary = Vocabulary.fromEntries(header.vocabulary);
    // Checked now, decoded when first read: a damaged document fails the load, not a later search.
    engine.strings = header.strings;
    for (const encoded of header.docs) {
      checkEncoded(encoded, header.strings.length);
      engine.docs.set(encoded[0], encoded);
    }
    return engine;
  }
}
