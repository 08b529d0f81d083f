/**
 * One zod schema per Firestore document of the marketplace: what functions write and every
 * reader parses (through `documentConverter`). Objects are strict: a field nobody declared is a
 * shape error, not silently kept or dropped. Timestamps are either SDK's (`timestampSchema`).
 */
export * from './schemas/pieces.js';
export * from './schemas/catalogue.js';
export * from './schemas/publishing.js';
export * from './schemas/organizations.js';
export * from './schemas/runtime.js';
export * from './schemas/reviews.js';
export * from './schemas/revenue.js';
export * from './schemas/requests.js';
export * from './schemas/moderation.js';
export * from './schemas/tokens.js';
export * from './schemas/development.js';
