/**
 * The names of the closed set of problems a package or a publish can have (`errors.ts` gives each
 * its stage and fix text, keyed by exactly these names). The names are their own module because
 * the document schemas need only them: the console's first route parses upload documents, and
 * the fix texts would otherwise come with it (~5 KiB gzipped) although only the publish page and
 * the CLI show them.
 */
export const ERROR_CODE_NAMES = [
  // Archive (gzip + tar)
  'package-empty',
  'package-too-large',
  'package-size-mismatch',
  'not-gzip',
  'gzip-corrupt',
  'gzip-truncated',
  'gzip-trailing-data',
  'tar-corrupt',
  'tar-truncated',
  'tar-entries-after-end',
  'uncompressed-too-large',
  'compression-ratio-exceeded',
  'too-many-entries',
  'path-too-long',
  'path-absolute',
  'path-traversal',
  'path-invalid',
  'path-not-utf8',
  'path-duplicate',
  'entry-type-forbidden',
  // Manifest
  'manifest-missing',
  'manifest-too-large',
  'manifest-not-json',
  'manifest-too-deep',
  'manifest-forbidden-key',
  'manifest-schema',
  'manifest-id-publisher-mismatch',
  'manifest-version-invalid',
  'manifest-engine-range-invalid',
  'manifest-file-missing',
  'permission-unknown',
  'permission-duplicate',
  'permission-host-wildcard',
  'permission-host-forbidden',
  'permission-required',
  'capability-duplicate-id',
  'capability-schema-invalid',
  'icon-invalid',
  'readme-invalid',
  'changelog-invalid',
  'screenshot-invalid',
  // Code (the modules of a package whose manifest is valid)
  'main-not-javascript',
  'module-syntax-error',
  'module-too-large',
  'import-not-allowed',
  'import-not-found',
  'step-not-exported',
  // Publish (server side)
  'upload-mismatch',
  'upload-expired',
  'publisher-mismatch',
  'id-owned',
  'id-confusable',
  'id-reserved',
  'scan-blocked',
  'review-rejected',
  'token-revoked',
  'version-exists',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODE_NAMES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODE_NAMES as readonly string[]).includes(value);
}
