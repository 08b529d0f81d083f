// Moved to catalog/listing-fields.ts (the listing's fields belong to the catalogue; publishing
// uses them). Kept for bench/benchmarks/discovery.ts, which imports this path; remove once it
// imports catalog/listing-fields.js.
export * from '../catalog/listing-fields.js';
