export * from './define.js';
export * from './session.js';
export * from './health.js';
export * from './publish.js';
export * from './admin.js';
export * from './uploads.js';
export * from './orgs.js';
export * from './installs.js';
