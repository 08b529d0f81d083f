/**
 * The inverted index under the search engine. MiniSearch's radix tree (`SearchableMap`) is the
 * term dictionary — exact, prefix and typo-tolerant lookups of terms — and each term's postings
 * are two plain number arrays: document slots (ascending) and per-field term frequencies packed
 * 7 bits a field. Scoring is BM25+ per field (MiniSearch's parameters and weights) summed into
 * one typed array per query, so a term that 10,000 documents use costs 10,000 additions, not
 * 10,000 result objects (MiniSearch's own `search` took 20–55 ms for such a term; figures in
 * docs/architecture.md, "Search engine").
 *
 * Slots are never reused: replacing a document gives it a new slot and leaves the old one dead
 * until `compact` renumbers the live slots (in order, so postings stay sorted).
 */
import type { QueryTerm } from '@mlebotics/shared';
import { type Expansion, expandTerm } from './expand.js';
import SearchableMap from 'minisearch/SearchableMap';

export type { Expansion } from './expand.js';

const FREQ_BITS = 7;
const FREQ_MAX = (1 << FREQ_BITS) - 1;
/** BM25+ parameters (MiniSearch's defaults). */
const K = 1.2;
const B = 0.7;
const D = 0.5;

interface Posting {
  slots: number[];
  /** Per posting: term frequency in field f at bits [7f, 7f + 7). */
  freqs: number[];
  /** Per field: postings with the term in that field (dead ones included until compaction). */
  df: number[];
}

export interface Scored {
  /** Slots matching at least one query term. */
  slots: number[];
  /** Summed score per slot (indexed by slot). */
  scores: Float64Array;
  /** Query terms matched per slot (indexed by slot). */
  matched: Uint8Array;
}

/** The serialized form: everything but the postings as JSON-ready data, postings as integers. */
export interface PostingsData {
  keys: string[];
  lengths: number[];
  terms: string[];
  counts: number[];
  df: number[];
  /** Per term, its slots delta-encoded (small numbers compress well), then its frequencies. */
  slots: Int32Array;
  freqs: Int32Array;
}

export class Postings {
  private readonly terms = new SearchableMap<Posting>();
  /** Document id per slot; undefined for a dead slot. */
  private keys: Array<string | undefined> = [];
  private readonly slotOf = new Map<string, number>();
  /** Token count per slot and field (slot × fields + field). */
  private lengths: number[] = [];
  private readonly lengthSums: number[];
  private dead = 0;
  /** Changes whenever slots are renumbered (what callers keep per slot is then stale). */
  layout = 0;

  constructor(readonly boosts: readonly number[]) {
    if (boosts.length * FREQ_BITS > 30) throw new Error('At most 4 fields fit a packed frequency.');
    this.lengthSums = boosts.map(() => 0);
  }

  get size(): number {
    return this.slotOf.size;
  }

  /** The slot count, dead ones included (the length of a query's score arrays). */
  get slotCount(): number {
    return this.keys.length;
  }

  /** The slots of the documents indexed now. */
  liveSlots(): number[] {
    const slots: number[] = [];
    for (let slot = 0; slot < this.keys.length; slot++) if (this.keys[slot] !== undefined) slots.push(slot);
    return slots;
  }

  idAt(slot: number): string | undefined {
    return this.keys[slot];
  }

  /** Adds a document as its analysed fields (terms in order, repeats kept); replaces one with the same id. */
  add(id: string, fields: ReadonlyArray<readonly string[]>): void {
    this.remove(id);
    const slot = this.keys.length;
    this.keys.push(id);
    this.slotOf.set(id, slot);
    const counts = new Map<string, number>();
    fields.forEach((terms, f) => {
      this.lengths.push(terms.length);
      this.lengthSums[f]! += terms.length;
      for (const term of terms) {
        const packed = counts.get(term) ?? 0;
        if (((packed >> (FREQ_BITS * f)) & FREQ_MAX) < FREQ_MAX) counts.set(term, packed + (1 << (FREQ_BITS * f)));
      }
    });
    for (const [term, packed] of counts) {
      const posting = this.terms.fetch(term, () => ({ slots: [], freqs: [], df: this.boosts.map(() => 0) }));
      posting.slots.push(slot);
      posting.freqs.push(packed);
      for (let f = 0; f < this.boosts.length; f++) if ((packed >> (FREQ_BITS * f)) & FREQ_MAX) posting.df[f]!++;
    }
  }

  /** Removes a document; a no-op for an unknown id. Compacts once a quarter of the slots are dead. */
  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.keys[slot] = undefined;
    for (let f = 0; f < this.boosts.length; f++) this.lengthSums[f]! -= this.lengths[slot * this.boosts.length + f]!;
    this.dead++;
    if (this.dead > 1000 && this.dead > this.keys.length / 4) this.compact();
  }

  /** Drops dead slots: live slots renumbered in order, empty terms removed. */
  compact(): void {
    const fields = this.boosts.length;
    const renumber = new Int32Array(this.keys.length).fill(-1);
    const keys: string[] = [];
    const lengths: number[] = [];
    this.keys.forEach((key, slot) => {
      if (key === undefined) return;
      renumber[slot] = keys.length;
      this.slotOf.set(key, keys.length);
      keys.push(key);
      for (let f = 0; f < fields; f++) lengths.push(this.lengths[slot * fields + f]!);
    });
    const empty: string[] = [];
    for (const [term, posting] of this.terms) {
      const slots: number[] = [];
      const freqs: number[] = [];
      const df = this.boosts.map(() => 0);
      posting.slots.forEach((slot, i) => {
        const next = renumber[slot]!;
        if (next < 0) return;
        slots.push(next);
        freqs.push(posting.freqs[i]!);
        for (let f = 0; f < fields; f++) if ((posting.freqs[i]! >> (FREQ_BITS * f)) & FREQ_MAX) df[f]!++;
      });
      if (slots.length === 0) empty.push(term);
      else Object.assign(posting, { slots, freqs, df });
    }
    for (const term of empty) this.terms.delete(term);
    this.keys = keys;
    this.lengths = lengths;
    this.dead = 0;
    this.layout++;
  }

  has(term: string): boolean {
    return this.terms.has(term);
  }

  /** The indexed terms a query term matches, with their weights (see `expandTerm`). */
  expand(q: QueryTerm, synonymWeight: number): Expansion {
    return expandTerm(this.terms, q, synonymWeight);
  }

  /**
   * Scores every live slot matching at least one query term: per query term, the BM25+ of
   * each of its indexed terms in each field × field boost × the term's weight, summed.
   */
  score(expansions: readonly Expansion[]): Scored {
    const fields = this.boosts.length;
    const live = this.slotOf.size;
    const scores = new Float64Array(this.keys.length);
    const matched = new Uint8Array(this.keys.length);
    const lastTerm = new Uint8Array(this.keys.length);
    const slots: number[] = [];
    const averages = this.lengthSums.map((sum) => (live > 0 ? sum / live : 1) || 1);
    expansions.forEach((expansion, i) => {
      for (const [term, weight] of expansion) {
        const posting = this.terms.get(term);
        if (!posting) continue;
        const idf = posting.df.map((df) => Math.log(1 + (live - df + 0.5) / (df + 0.5)));
        const { slots: postingSlots, freqs } = posting;
        for (let p = 0; p < postingSlots.length; p++) {
          const slot = postingSlots[p]!;
          if (this.keys[slot] === undefined) continue;
          const packed = freqs[p]!;
          let score = 0;
          for (let f = 0; f < fields; f++) {
            const tf = (packed >> (FREQ_BITS * f)) & FREQ_MAX;
            if (tf === 0) continue;
            const norm = 1 - B + (B * this.lengths[slot * fields + f]!) / averages[f]!;
            score += this.boosts[f]! * idf[f]! * (D + (tf * (K + 1)) / (tf + K * norm));
          }
          // Each query term counts once per slot, however many of its indexed terms match.
          if (lastTerm[slot] !== i + 1) {
            if (matched[slot] === 0) slots.push(slot);
            lastTerm[slot] = i + 1;
            matched[slot]!++;
          }
          scores[slot]! += weight * score;
        }
      }
    });
    return { slots, scores, matched };
  }

  /** The indexed terms of `expansions` that a slot has (for highlights of the hits shown). */
  termsOf(slot: number, expansions: readonly Expansion[]): string[] {
    const found: string[] = [];
    for (const expansion of expansions) {
      for (const term of expansion.keys()) {
        const posting = this.terms.get(term);
        if (posting && sortedIncludes(posting.slots, slot)) found.push(term);
      }
    }
    return found;
  }

  /** The index as data (compacted first when a slot is dead), for `Postings.fromData`. */
  toData(): PostingsData {
    if (this.dead > 0) this.compact();
    const terms: string[] = [];
    const counts: number[] = [];
    const df: number[] = [];
    const postings: Posting[] = [];
    let total = 0;
    for (const [term, posting] of this.terms) {
      terms.push(term);
      postings.push(posting);
      counts.push(posting.slots.length);
      for (const n of posting.df) df.push(n);
      total += posting.slots.length;
    }
    const slots = new Int32Array(total);
    const freqs = new Int32Array(total);
    let at = 0;
    for (const posting of postings) {
      let previous = 0;
      for (let i = 0; i < posting.slots.length; i++) {
        const slot = posting.slots[i]!;
        slots[at] = slot - previous;
        freqs[at++] = posting.freqs[i]!;
        previous = slot;
      }
    }
    return { keys: this.keys as string[], lengths: this.lengths, terms, counts, df, slots, freqs };
  }

  static fromData(boosts: readonly number[], data: PostingsData): Postings {
    const postings = new Postings(boosts);
    const fields = boosts.length;
    if (data.lengths.length !== data.keys.length * fields || data.df.length !== data.terms.length * fields) {
      throw new Error('The search snapshot is damaged: its lengths do not match its documents and terms.');
    }
    postings.keys = data.keys;
    data.keys.forEach((key, slot) => postings.slotOf.set(key, slot));
    postings.lengths = data.lengths;
    data.lengths.forEach((length, i) => (postings.lengthSums[i % fields]! += length));
    // Plain loops: Array.from over typed-array views is several times slower here.
    let at = 0;
    data.terms.forEach((term, t) => {
      const count = data.counts[t]!;
      const slots = new Array<number>(count);
      const freqs = new Array<number>(count);
      let previous = 0;
      for (let i = 0; i < count; i++) {
        slots[i] = previous += data.slots[at + i]!;
        freqs[i] = data.freqs[at + i]!;
      }
      at += count;
      const df = new Array<number>(fields);
      for (let f = 0; f < fields; f++) df[f] = data.df[t * fields + f]!;
      postings.terms.set(term, { slots, freqs, df });
    });
    if (at !== data.slots.length) throw new Error('The search snapshot is damaged: its postings do not add up.');
    return postings;
  }
}

function sortedIncludes(values: readonly number[], value: number): boolean {
  let low = 0;
  let high = values.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const at = values[mid]!;
    if (at === value) return true;
    if (at < value) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}
