export * from './emulators.js';
export * from './admin.js';
export * from './client.js';
export * from './browser.js';
export * from './rules.js';
export * from './plugins.js';
export * from './corpus.js';
export * from './tar-builder.js';
