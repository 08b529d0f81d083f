/**
 * The compact form of search documents in a serialized index: one array per document, fields
 * by position (keys are not repeated 50,000 times), booleans as 0/1, and every string that
 * documents repeat (publisher, keywords, categories, capability types, permission flags) as
 * an index into one string table — parsing numbers is cheaper than parsing strings, and the
 * loaded documents share one copy of each. README headings are only indexed, not kept.
 */
import type { SearchDocument } from './types.js';

export type EncodedDocument = [
  id: string,
  name: string,
  summary: string,
  publisherId: number,
  publisherName: number,
  flags: number,
  keywords: number[],
  categories: number[],
  capabilityTypes: number[],
  permissionFlags: number[],
  ratingCount: number,
  ratingAverage: number,
  installCount: number,
  updatedAtMs: number,
];

const VERIFIED = 1;
const PAID = 2;
const DEPRECATED = 4;

/** Numbers for strings, in first-seen order: the snapshot's string table, the facets' value ids. */
export class StringTable {
  readonly strings: string[] = [];
  private readonly refs = new Map<string, number>();

  /** The string's number, or undefined when it has none yet. */
  find(value: string): number | undefined {
    return this.refs.get(value);
  }

  /** The string's number, given one if it has none. */
  ref(value: string): number {
    let ref = this.refs.get(value);
    if (ref === undefined) {
      ref = this.strings.length;
      this.strings.push(value);
      this.refs.set(value, ref);
    }
    return ref;
  }
}

export function encodeDocument(doc: SearchDocument, table: StringTable): EncodedDocument {
  const flags =
    (doc.publisherVerified ? VERIFIED : 0) | (doc.priceClass === 'paid' ? PAID : 0) | (doc.deprecated ? DEPRECATED : 0);
  const refs = (values: readonly string[]) => values.map((value) => table.ref(value));
  return [
    doc.id,
    doc.name,
    doc.summary,
    table.ref(doc.publisherId),
    table.ref(doc.publisherName),
    flags,
    refs(doc.keywords),
    refs(doc.categories),
    refs(doc.capabilityTypes),
    refs(doc.permissionFlags),
    doc.rating.count,
    doc.rating.average,
    doc.installCount,
    doc.updatedAtMs,
  ];
}

/** Throws unless `e` is an encoded document whose references are inside a table of `strings` strings. */
export function checkEncoded(e: unknown, strings: number): asserts e is EncodedDocument {
  const inTable = (ref: unknown) => Number.isInteger(ref) && (ref as number) >= 0 && (ref as number) < strings;
  const ok =
    Array.isArray(e) &&
    e.length === 14 &&
    typeof e[0] === 'string' &&
    inTable(e[3]) &&
    inTable(e[4]) &&
    [6, 7, 8, 9].every((i) => Array.isArray(e[i]) && (e[i] as unknown[]).every(inTable));
  if (!ok) throw new Error('The search snapshot is damaged: a document is not in its encoded form.');
}

/** The document back; throws on a reference outside the table (a damaged snapshot). */
export function decodeDocument(e: EncodedDocument, strings: readonly string[]): SearchDocument {
  const text = (ref: number) => {
    const value = strings[ref];
    if (value === undefined) throw new Error('The search snapshot is damaged: a string reference is out of range.');
    return value;
  };
  const texts = (refs: readonly number[]) => refs.map(text);
  const flags = e[5];
  return {
    id: e[0],
    name: e[1],
    summary: e[2],
    publisherId: text(e[3]),
    publisherName: text(e[4]),
    publisherVerified: (flags & VERIFIED) !== 0,
    keywords: texts(e[6]),
    categories: texts(e[7]),
    capabilityTypes: texts(e[8]),
    permissionFlags: texts(e[9]),
    priceClass: flags & PAID ? 'paid' : 'free',
    rating: { count: e[10], average: e[11] },
    installCount: e[12],
    updatedAtMs: e[13],
    deprecated: (flags & DEPRECATED) !== 0,
  };
}
