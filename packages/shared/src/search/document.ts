/** A public listing as the search engine indexes it (functions/src/search `searchDocumentOf` derives it). */
export interface SearchDocument {
  id: string;
  name: string;
  summary: string;
  publisherId: string;
  publisherName: string;
  publisherVerified: boolean;
  keywords: string[];
  categories: string[];
  capabilityTypes: string[];
  /** One per permission asked for, field-safe (`sensors_read`), or `['none']`. */
  permissionFlags: string[];
  priceClass: 'free' | 'paid';
  rating: { count: number; average: number };
  installCount: number;
  updatedAtMs: number;
  deprecated: boolean;
  readmeHeadings?: string[];
}
