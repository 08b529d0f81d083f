import type { ErrorCode } from './error-codes.js';

/**
 * The closed set of problems a package or a publish can have. Every rejection names one of
 * these codes, a message that says what and where, and (in `ERROR_CODES`) what to do about it.
 * `docs/publishing.md` is generated from this table. The names themselves are listed in
 * `error-codes.ts` (what the document schemas need, without these texts); the `satisfies`
 * below makes this table have exactly those keys, no more and no fewer.
 */
export const ERROR_CODES = {
  // Archive (gzip + tar)
  'package-empty': { stage: 'archive', fix: 'Upload a non-empty `.tgz` made with `mlebotics-plugin pack`.' },
  'package-too-large': {
    stage: 'archive',
    fix: 'Remove files the plugin does not need at run time (tests, sources maps, media) and pack again.',
  },
  'package-size-mismatch': {
    stage: 'archive',
    fix: 'The file changed or was cut off while uploading; upload it again.',
  },
  'not-gzip': {
    stage: 'archive',
    fix: 'A package is a gzip-compressed tar. Create it with `mlebotics-plugin pack <dir>`.',
  },
  'gzip-corrupt': {
    stage: 'archive',
    fix: 'The gzip data is damaged (bad deflate data, checksum or length). Pack again.',
  },
  'gzip-truncated': {
    stage: 'archive',
    fix: 'The gzip data ends early; the file was cut off. Pack and upload it again.',
  },
  'gzip-trailing-data': {
    stage: 'archive',
    fix: 'Only one gzip member is allowed, with nothing after it. Do not concatenate archives; pack once.',
  },
  'tar-corrupt': {
    stage: 'archive',
    fix: 'The tar data is damaged or not a POSIX/GNU tar. Pack with `mlebotics-plugin pack`.',
  },
  'tar-truncated': { stage: 'archive', fix: 'The tar data ends in the middle of an entry. Pack again.' },
  'tar-entries-after-end': {
    stage: 'archive',
    fix: 'Entries follow the end-of-archive marker (concatenated tars). Pack the plugin into one archive.',
  },
  'uncompressed-too-large': {
    stage: 'archive',
    fix: 'The unpacked plugin is too large. Remove files the plugin does not need.',
  },
  'compression-ratio-exceeded': {
    stage: 'archive',
    fix: 'The archive expands far more than real plugins do. Remove padding or generated filler files.',
  },
  'too-many-entries': {
    stage: 'archive',
    fix: 'Bundle the plugin code into fewer files (for example with esbuild) and pack again.',
  },
  'path-too-long': { stage: 'archive', fix: 'Shorten the file or directory names.' },
  'path-absolute': {
    stage: 'archive',
    fix: 'Entry names must be relative to the package root. Pack from inside the plugin directory.',
  },
  'path-traversal': {
    stage: 'archive',
    fix: 'Entry names must not contain `..` segments. Pack with `mlebotics-plugin pack`.',
  },
  'path-invalid': {
    stage: 'archive',
    fix: 'Use names made of printable characters with `/` separators: no backslashes, NUL or control characters, empty or `.` segments, or drive letters.',
  },
  'path-not-utf8': { stage: 'archive', fix: 'Rename the file so its name is valid UTF-8.' },
  'path-duplicate': {
    stage: 'archive',
    fix: 'Two entries have the same name, or names that differ only by case or Unicode normalisation. Rename one.',
  },
  'entry-type-forbidden': {
    stage: 'archive',
    fix: 'Only regular files and directories are allowed. Replace links with copies of the files; remove devices and fifos.',
  },
  // Manifest
  'manifest-missing': {
    stage: 'manifest',
    fix: 'Put a `plugin.json` manifest at the root of the package (`mlebotics-plugin init` creates one).',
  },
  'manifest-too-large': {
    stage: 'manifest',
    fix: 'Keep `plugin.json` under the size limit: move long texts into the README.',
  },
  'manifest-not-json': {
    stage: 'manifest',
    fix: 'Make `plugin.json` valid UTF-8 JSON (check for trailing commas and comments).',
  },
  'manifest-too-deep': {
    stage: 'manifest',
    fix: 'Flatten the nesting of objects and arrays in `plugin.json` (usually in step schemas).',
  },
  'manifest-forbidden-key': { stage: 'manifest', fix: 'Remove the `__proto__`, `constructor` or `prototype` key.' },
  'manifest-schema': {
    stage: 'manifest',
    fix: 'Fix the field as the message says; the JSON Schema is served at /schemas/plugin.schema.json for editor validation.',
  },
  'manifest-id-publisher-mismatch': {
    stage: 'manifest',
    fix: 'The id must start with the publisher: `<publisher>.<slug>`.',
  },
  'manifest-version-invalid': { stage: 'manifest', fix: 'Use a semantic version such as `1.2.3` or `2.0.0-beta.1`.' },
  'manifest-engine-range-invalid': {
    stage: 'manifest',
    fix: 'Set `engines.platform` to a semver range such as `^1.0.0`.',
  },
  'manifest-file-missing': {
    stage: 'manifest',
    fix: 'Add the file to the package, or correct the path in `plugin.json`.',
  },
  'permission-unknown': {
    stage: 'manifest',
    fix: 'Use a permission from the catalogue (see the permission table in the publishing guide).',
  },
  'permission-duplicate': {
    stage: 'manifest',
    fix: 'Declare each permission once; list all its scopes in that one entry.',
  },
  'permission-host-wildcard': {
    stage: 'manifest',
    fix: 'List every host the plugin reaches by its exact name; wildcards are not allowed.',
  },
  'permission-host-forbidden': {
    stage: 'manifest',
    fix: 'Hosts must be public DNS names: no IP addresses, localhost, or internal/metadata names.',
  },
  'permission-required': {
    stage: 'manifest',
    fix: 'Declare the permission the capability needs (for example `ui:panel` for a ui-panel).',
  },
  'capability-duplicate-id': { stage: 'manifest', fix: 'Give each capability its own id.' },
  'capability-schema-invalid': {
    stage: 'manifest',
    fix: 'Make the step schema a valid JSON Schema (2020-12) without `pattern`, `patternProperties` or remote references.',
  },
  'icon-invalid': { stage: 'manifest', fix: 'Use a PNG or SVG icon under the size limit.' },
  'readme-invalid': { stage: 'manifest', fix: 'Use a UTF-8 Markdown README under the size limit.' },
  'changelog-invalid': {
    stage: 'manifest',
    fix: 'Use a UTF-8 Markdown changelog under the size limit with a "## <version>" section for this version.',
  },
  'screenshot-invalid': {
    stage: 'manifest',
    fix: 'Use PNG, JPEG or WebP screenshots of 320×200 to 3840×2400 pixels, at most 1 MiB each.',
  },
  // Code (the modules of a package whose manifest is valid)
  'main-not-javascript': {
    stage: 'code',
    fix: 'TypeScript is not supported: build to JavaScript (see `mlebotics-plugin init --typescript`) and set `main` to the built `.js` or `.mjs` file.',
  },
  'module-syntax-error': {
    stage: 'code',
    fix: 'Fix the syntax at the file:line:column given. Every `.js`/`.mjs` file must be a UTF-8 ES module (strict mode, `import`/`export`), JavaScript up to ES2025.',
  },
  'module-too-large': {
    stage: 'code',
    fix: 'Bundle and minify the code (for example with esbuild) so each module is at most 4 MiB and all modules at most 16 MiB; drop modules the plugin does not use.',
  },
  'import-not-allowed': {
    stage: 'code',
    fix: 'Import only the package’s own modules by relative path (`./lib/util.js`): the sandbox has no npm packages, Node.js built-ins (`node:`) or URL imports. Bundle dependencies into the package (esbuild) and use `ctx` services instead of built-ins.',
  },
  'import-not-found': {
    stage: 'code',
    fix: 'Point the import at a `.js`/`.mjs` file inside the package, with its extension (`./util.js`, not `./util`), and make sure the file is packed (see `.pluginignore`).',
  },
  'step-not-exported': {
    stage: 'code',
    fix: 'Export every automation step of `plugin.json` from `main`: `export default { steps: { "<step id>": async (input, ctx) => output } }`.',
  },
  // Publish (server side)
  'upload-mismatch': {
    stage: 'publish',
    fix: 'The uploaded file is not the one announced (size or sha256). Start the upload again.',
  },
  'upload-expired': {
    stage: 'publish',
    fix: 'The upload intent expired before the file arrived. Start the upload again.',
  },
  'publisher-mismatch': { stage: 'publish', fix: 'Set `publisher` in `plugin.json` to the publisher you upload as.' },
  'id-owned': { stage: 'publish', fix: 'This plugin id belongs to another publisher. Choose another id.' },
  'id-confusable': {
    stage: 'publish',
    fix: 'The id looks like another publisher’s plugin id. Choose a clearly different id.',
  },
  'id-reserved': { stage: 'publish', fix: 'This name is reserved by the marketplace. Choose another id.' },
  'scan-blocked': {
    stage: 'publish',
    fix: 'Remove what the finding names (a secret: revoke it too, it was exposed) and upload again; run `mlebotics-plugin validate` first to see the same findings.',
  },
  'review-rejected': {
    stage: 'publish',
    fix: 'The marketplace administrators rejected this version after review (their reason is in the message). Fix it and publish a new version.',
  },
  'token-revoked': {
    stage: 'publish',
    fix: 'The API token that announced this upload was revoked or expired before the package was processed. Publish again with a valid token.',
  },
  'version-exists': {
    stage: 'publish',
    fix: 'Published versions are immutable. Bump `version` in `plugin.json` and pack again.',
  },
  internal: {
    stage: 'publish',
    fix: 'Something failed on our side; the upload is retried automatically. If it persists, upload again.',
  },
} as const satisfies Record<ErrorCode, { stage: 'archive' | 'manifest' | 'code' | 'publish'; fix: string }>;

/** One problem, as shown to developers and stored on the upload document. */
export interface ValidationIssue {
  code: ErrorCode;
  message: string;
  /** Where: `plugin.json#/json/pointer` for manifest fields, or the archive entry name. */
  path?: string;
}

/** A problem that stops reading the package at once. */
export class PackageError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'PackageError';
  }

  toIssue(): ValidationIssue {
    return this.path === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, path: this.path };
  }
}
