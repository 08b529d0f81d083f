import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';
import type { PackageLimits } from '../limits.js';
import { MANIFEST_FILE } from '../manifest/validate.js';
import { readPackage, type Hasher, type PackageContents, type ReaderPlatform } from '../package/reader.js';
import { PLUGINIGNORE_FILE, packIgnore, type PackIgnore } from '../package/pluginignore.js';
import { validatePackage, type PackageValidation } from '../package/validate.js';
import type { ScanOptions } from '../scan/types.js';
import { gunzipOneMember } from './gzip.js';

export { gunzipOneMember };
/** `.pluginignore` matching, for tools that watch a plugin directory as `pack` reads it. */
export { PLUGINIGNORE_FILE, packIgnore, type PackIgnore };

/** Node's zlib and OpenSSL SHA-256 behind the reader's platform interface. */
export const nodePlatform: ReaderPlatform = {
  gunzip: gunzipOneMember,
  createSha256(): Hasher {
    const hash = createHash('sha256');
    return {
      update: (data) => void hash.update(data),
      digestHex: () => hash.digest('hex'),
    };
  },
};

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

async function* chunksOf(bytes: Uint8Array, size = 64 * 1024): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Validates a package held in memory. */
export function validatePackageBytes(
  bytes: Uint8Array,
  limits?: Partial<PackageLimits>,
  scan?: ScanOptions,
): Promise<PackageValidation> {
  return validatePackage(chunksOf(bytes), nodePlatform, { compressedSize: bytes.length, limits, scan });
}

/** Validates a package file, streaming it from disk. */
export async function validatePackageFile(
  file: string,
  limits?: Partial<PackageLimits>,
  scan?: ScanOptions,
): Promise<PackageValidation> {
  const { size } = await lstat(file);
  return validatePackage(createReadStream(file, { highWaterMark: 64 * 1024 }), nodePlatform, {
    compressedSize: size,
    limits,
    scan,
  });
}

/** Reads a package held in memory, keeping the named files (each up to `maxBytes`). */
export function readPackageFiles(
  bytes: Uint8Array,
  paths: ReadonlySet<string>,
  maxBytes: number,
  limits?: Partial<PackageLimits>,
): Promise<PackageContents> {
  return readPackage(chunksOf(bytes), nodePlatform, {
    compressedSize: bytes.length,
    limits,
    keep: (p) => (paths.has(p) ? maxBytes : false),
  });
}

/** The same mtime for every entry, so packing is reproducible. 2000-01-01T00:00:00Z. */
const FIXED_MTIME = new Date(Date.UTC(2000, 0, 1));

async function listFiles(root: string, ignored: PackIgnore, relative = ''): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(path.join(root, relative), { withFileTypes: true });
  for (const entry of entries) {
    const rel = relative ? `${relative}/${entry.name}` : entry.name;
    // A symbolic link is asked as a directory too, so `node_modules/` also covers a linked one.
    if (ignored(rel, entry.isDirectory() || entry.isSymbolicLink())) continue;
    if (entry.isSymbolicLink()) {
      throw new Error(`${rel} is a symbolic link; packages hold regular files only. Replace it with a copy.`);
    }
    if (entry.isDirectory()) out.push(...(await listFiles(root, ignored, rel)));
    else if (entry.isFile()) out.push(rel);
    else throw new Error(`${rel} is not a regular file (device, socket or fifo); remove it.`);
  }
  return out;
}

/** Byte order of UTF-8 names, so the archive order does not depend on locale. */
function compareNames(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}

/**
 * Packs files into a deterministic `.tgz`: plugin.json first, then every other file in byte
 * order of its name, with fixed mtime, owner and mode, and a gzip header without time or OS,
 * so the same files always give the same bytes and sha256.
 */
export async function packFiles(files: Readonly<Record<string, Uint8Array | string>>): Promise<Buffer> {
  const names = Object.keys(files).sort((a, b) =>
    a === MANIFEST_FILE ? -1 : b === MANIFEST_FILE ? 1 : compareNames(a, b),
  );
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const collected = new Promise<Buffer>((resolve, reject) => {
    pack.on('data', (chunk: unknown) => void chunks.push(chunk as Buffer));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
  });
  for (const name of names) {
    const value = files[name]!;
    const content = typeof value === 'string' ? Buffer.from(value) : Buffer.from(value);
    await new Promise<void>((resolve, reject) => {
      pack.entry(
        {
          name,
          size: content.length,
          mode: 0o644,
          mtime: FIXED_MTIME,
          uid: 0,
          gid: 0,
          uname: '',
          gname: '',
          type: 'file',
        },
        content,
        (error) => (error ? reject(error) : resolve()),
      );
    });
  }
  pack.finalize();
  const gz = gzipSync(await collected, { level: 9 });
  // RFC 1952: MTIME 0 = no time stamp; OS 255 = unknown. Node writes the host OS there.
  gz.writeUInt32LE(0, 4);
  gz[9] = 0xff;
  return gz;
}

/**
 * Packs a plugin directory (see packFiles), leaving out what `.pluginignore` and the default
 * ignores say (package/pluginignore.ts).
 */
export async function packDirectory(dir: string): Promise<Buffer> {
  const rules = await readFile(path.join(dir, PLUGINIGNORE_FILE), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  const names = await listFiles(dir, packIgnore(rules));
  const files: Record<string, Buffer> = {};
  for (const name of names) files[name] = await readFile(path.join(dir, name));
  return packFiles(files);
}
