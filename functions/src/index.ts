// The deployed functions, one per file under ./functions.
export * from './functions/catalogStats.js';
export * from './functions/createUpload.js';
export * from './functions/getSession.js';
export * from './functions/health.js';
export * from './functions/processUpload.js';
export * from './functions/retryUpload.js';
export * from './functions/revokeSigningKey.js';
export * from './functions/sweepUploads.js';
