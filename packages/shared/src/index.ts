// Environment-neutral exports: safe to import from functions, the web app, the host and the CLI.
// Node-only helpers live in `@mlebotics/shared/node`, browser ones in `@mlebotics/shared/browser`.
export * from './error-codes.js';
export * from './errors.js';
export * from './limits.js';
export * from './money.js';
export * from './id-patterns.js';
export * from './catalogue/index.js';
export * from './catalogue/plugin-api.js';
export type * from './manifest/manifest.generated.js';
export { checkStepSchema, compileStepSchema, manifestSchema, stepSchemaAjv } from './manifest/schema-validator.js';
export {
  MANIFEST_FILE,
  manifestPath,
  parseManifestBytes,
  jsonDepth,
  validateManifestValue,
  type ManifestContext,
  type ManifestResult,
} from './manifest/validate.js';
export { checkEntryPath, collisionKey } from './package/paths.js';
export {
  readPackage,
  type Hasher,
  type PackageContents,
  type PackageFile,
  type ReaderPlatform,
  type ReadPackageOptions,
} from './package/reader.js';
export { validatePackage, type PackageValidation } from './package/validate.js';
export { releaseNotes, MAX_RELEASE_NOTES_CHARS } from './package/changelog.js';
export { sniffImage, IMAGE_MIME, type ImageInfo, type ImageType } from './package/media.js';
export * from './firestore/paths.js';
export * from './api/index.js';
export * from './signing/dsse.js';
export * from './permissions/diff.js';
export * from './permissions/policy.js';
export * from './search/tokens.js';
export * from './ids.js';
export * from './platform.js';
export * from './panel-host.js';
export * from './firestore/documents.js';
export * from './firestore/converter.js';
export * from './firestore/schemas.js';
export * from './permissions/visibility.js';
export * from './permissions/hosts.js';
export * from './scan/index.js';
export * from './membership.js';
export * from './reviews/rules.js';
export * from './search/query.js';
export * from './search/synonyms.js';
export type * from './search/document.js';
