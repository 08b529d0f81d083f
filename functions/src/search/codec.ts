/**
 * The compact form of search documents in a serialized index: one array per document, fields
 * by position (keys are not repeated 50,000 times), booleans as 0/1. README headings are only
 * indexed, not kept.
 */
import type { SearchDocument } from './types.js';

export type EncodedDocument = [
  id: string,
  name: string,
  summary: string,
  publisherId: string,
  publisherName: string,
  flags: number,
  keywords: string[],
  categories: string[],
  capabilityTypes: string[],
  permissionFlags: string[],
  ratingCount: number,
  ratingAverage: number,
  installCount: number,
  updatedAtMs: number,
];

const VERIFIED = 1;
const PAID = 2;
const DEPRECATED = 4;

export function encodeDocument(doc: SearchDocument): EncodedDocument {
  const flags =
    (doc.publisherVerified ? VERIFIED : 0) | (doc.priceClass === 'paid' ? PAID : 0) | (doc.deprecated ? DEPRECATED : 0);
  return [
    doc.id,
    doc.name,
    doc.summary,
    doc.publisherId,
    doc.publisherName,
    flags,
    doc.keywords,
    doc.categories,
    doc.capabilityTypes,
    doc.permissionFlags,
    doc.rating.count,
    doc.rating.average,
    doc.installCount,
    doc.updatedAtMs,
  ];
}

export function decodeDocument(e: EncodedDocument): SearchDocument {
  const [id, name, summary, publisherId, publisherName, flags, keywords, categories, capabilityTypes] = e;
  return {
    id,
    name,
    summary,
    publisherId,
    publisherName,
    publisherVerified: (flags & VERIFIED) !== 0,
    keywords,
    categories,
    capabilityTypes,
    permissionFlags: e[9],
    priceClass: flags & PAID ? 'paid' : 'free',
    rating: { count: e[10], average: e[11] },
    installCount: e[12],
    updatedAtMs: e[13],
    deprecated: (flags & DEPRECATED) !== 0,
  };
}
