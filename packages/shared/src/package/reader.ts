import * as tar from 'tar-stream';
import { PackageError } from '../errors.js';
import { formatBytes, resolveLimits, type PackageLimits } from '../limits.js';
import { NameRegistry, checkEntryPath } from './paths.js';

/** An incremental SHA-256. */
export interface Hasher {
  update(data: Uint8Array): void;
  /** Lowercase hex digest. */
  digestHex(): string;
}

/** What differs between Node and the browser: gunzip and hashing. */
export interface ReaderPlatform {
  /**
   * Decompresses exactly one gzip member of `compressedSize` bytes, verifying its CRC and length,
   * and throws a PackageError (`not-gzip`, `gzip-corrupt`, `gzip-truncated`,
   * `gzip-trailing-data`) for anything else.
   */
  gunzip(source: AsyncIterable<Uint8Array>, compressedSize: number): AsyncIterable<Uint8Array>;
  createSha256(): Hasher;
}

export interface PackageFile {
  path: string;
  size: number;
  sha256: string;
}

export interface PackageContents {
  /** SHA-256 of the compressed package, lowercase hex. */
  sha256: string;
  compressedSize: number;
  /** Size of the tar stream after gunzip. */
  uncompressedSize: number;
  /** Regular files in archive order, each with its digest. */
  files: PackageFile[];
  directories: string[];
  /** Contents of the files `keep` asked for. */
  kept: Map<string, Uint8Array>;
  /** Files `keep` asked for that were larger than the size it allowed. */
  oversized: Map<string, number>;
}

export interface ReadPackageOptions {
  /** Size the package must have; known before reading (File.size, stat, object metadata). */
  compressedSize: number;
  limits?: Partial<PackageLimits>;
  /**
   * Called for each regular file with its canonical path; returns the most bytes of it to keep
   * in memory, or false. Larger files are listed in `oversized` instead.
   */
  keep?: (path: string, kept: ReadonlyMap<string, Uint8Array>) => number | false;
  /**
   * Called for each regular file with its canonical path and size; the visitor it returns
   * receives the file's bytes in this same pass (the scanner reads them here, so a package is
   * decompressed once).
   */
  visit?: (path: string, size: number) => { write(chunk: Uint8Array): void; end(): void } | undefined;
}

const BLOCK = 512;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Counts and hashes the compressed bytes, and holds the source to the announced size. */
async function* measured(
  source: AsyncIterable<Uint8Array>,
  expected: number,
  hasher: Hasher,
  seen: { bytes: number },
): AsyncIterable<Uint8Array> {
  for await (const chunk of source) {
    seen.bytes += chunk.length;
    if (seen.bytes > expected) {
      throw new PackageError(
        'package-size-mismatch',
        `The package is larger than its announced size of ${expected} bytes.`,
      );
    }
    hasher.update(chunk);
    yield chunk;
  }
  if (seen.bytes !== expected) {
    throw new PackageError(
      'package-size-mismatch',
      `The package has ${seen.bytes} bytes but ${expected} were announced.`,
    );
  }
}

function isZeroBlock(chunk: Uint8Array, offset: number): boolean {
  for (let i = offset; i < offset + BLOCK; i++) if (chunk[i] !== 0) return false;
  return true;
}

/**
 * Remembers where the tar stream has all-zero 512-byte blocks (as merged runs), so that an entry
 * following an end-of-archive marker can be recognised: tar-stream reads past the marker (like
 * `tar --ignore-zeros`), while GNU tar and most extractors stop there. Archives that different
 * tools read differently are refused.
 */
class ZeroBlocks {
  private runs: Array<[number, number]> = [];
  private pending = new Uint8Array(BLOCK);
  private pendingLength = 0;
  private offset = 0;

  scan(chunk: Uint8Array): void {
    let i = 0;
    if (this.pendingLength > 0) {
      const take = Math.min(BLOCK - this.pendingLength, chunk.length);
      this.pending.set(chunk.subarray(0, take), this.pendingLength);
      this.pendingLength += take;
      i = take;
      if (this.pendingLength < BLOCK) return;
      this.record(isZeroBlock(this.pending, 0));
      this.pendingLength = 0;
    }
    for (; i + BLOCK <= chunk.length; i += BLOCK) this.record(isZeroBlock(chunk, i));
    if (i < chunk.length) {
      this.pending.set(chunk.subarray(i), 0);
      this.pendingLength = chunk.length - i;
    }
  }

  private record(zero: boolean): void {
    if (zero) {
      const last = this.runs.at(-1);
      if (last && last[1] === this.offset) last[1] += BLOCK;
      else this.runs.push([this.offset, this.offset + BLOCK]);
    }
    this.offset += BLOCK;
  }

  /** True when a zero block starts in [from, to). Forgets runs that end before `to`. */
  anyBetween(from: number, to: number): boolean {
    const found = this.runs.some(([start, end]) => start < to && end > from && Math.max(start, from) < to);
    this.runs = this.runs.filter(([, end]) => end > to);
    return found;
  }
}

function entryTypeProblem(header: tar.Header, name: string): PackageError {
  const shown = JSON.stringify(name);
  switch (header.type) {
    case 'symlink':
      return new PackageError(
        'entry-type-forbidden',
        `Entry ${shown} is a symbolic link (to ${JSON.stringify(header.linkname)}).`,
        name,
      );
    case 'link':
      return new PackageError(
        'entry-type-forbidden',
        `Entry ${shown} is a hard link (to ${JSON.stringify(header.linkname)}).`,
        name,
      );
    case 'character-device':
    case 'block-device':
    case 'fifo':
      return new PackageError('entry-type-forbidden', `Entry ${shown} is a ${header.type}.`, name);
    case 'contiguous-file':
      return new PackageError(
        'entry-type-forbidden',
        `Entry ${shown} is a contiguous file (type 7); pack it as a regular file.`,
        name,
      );
    default:
      return new PackageError('entry-type-forbidden', `Entry ${shown} has an unsupported tar entry type.`, name);
  }
}

/**
 * The name tar-stream resolved (PAX `path`, else GNU long name, else ustar prefix + name),
 * checked for valid UTF-8. Non-PAX names are decoded as latin1 so that their raw bytes can be
 * checked strictly here.
 */
function decodeEntryName(header: tar.Header): string {
  const pax = header.pax as Record<string, string> | null | undefined;
  if (pax && typeof pax.path === 'string' && pax.path !== '') return pax.path;
  const bytes = Uint8Array.from(header.name, (c: string) => c.charCodeAt(0));
  try {
    return utf8.decode(bytes);
  } catch {
    const shown = JSON.stringify(header.name);
    throw new PackageError('path-not-utf8', `Entry name ${shown} is not valid UTF-8.`, header.name);
  }
}

function mapTarError(error: unknown): PackageError {
  if (error instanceof PackageError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/unexpected end/i.test(message)) {
    return new PackageError('tar-truncated', 'The tar data ends in the middle of an entry.');
  }
  return new PackageError('tar-corrupt', `The tar data is not valid: ${message}.`);
}

/**
 * Reads a package (`.tgz`) as a stream and enforces every package limit while streaming: it
 * stops at the first violated limit, so memory stays bounded whatever the input. Returns the
 * package sha256, the files with their sha256, and the contents `keep` asked for.
 */
export async function readPackage(
  source: AsyncIterable<Uint8Array>,
  platform: ReaderPlatform,
  options: ReadPackageOptions,
): Promise<PackageContents> {
  const limits = resolveLimits(options.limits);
  const { compressedSize } = options;
  if (compressedSize === 0) throw new PackageError('package-empty', 'The package is empty (0 bytes).');
  if (compressedSize > limits.maxCompressedBytes) {
    throw new PackageError(
      'package-too-large',
      `The package is ${formatBytes(compressedSize)}; the limit is ${formatBytes(limits.maxCompressedBytes)}.`,
    );
  }
  const ratioBound = limits.maxCompressionRatio * compressedSize;
  const uncompressedBound = Math.min(limits.maxUncompressedBytes, ratioBound);

  const packageHash = platform.createSha256();
  const compressedSeen = { bytes: 0 };
  const decompressed = platform.gunzip(measured(source, compressedSize, packageHash, compressedSeen), compressedSize);

  // tar-stream reads `filenameEncoding`; its type declarations omit it.
  const extract = tar.extract({ filenameEncoding: 'latin1' } as Parameters<typeof tar.extract>[0]);
  const zeros = new ZeroBlocks();
  const names = new NameRegistry();
  const files: PackageFile[] = [];
  const directories: string[] = [];
  const kept = new Map<string, Uint8Array>();
  const oversized = new Map<string, number>();
  let entries = 0;
  let previousDataEnd = 0;
  let failure: PackageError | undefined;

  const fail = (error: unknown): void => {
    if (!failure) failure = mapTarError(error);
    extract.destroy();
  };

  const parsed = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      try {
        const dataStart = (header as tar.Header & { byteOffset: number }).byteOffset;
        if (zeros.anyBetween(previousDataEnd, dataStart - BLOCK)) {
          throw new PackageError(
            'tar-entries-after-end',
            `Entry ${JSON.stringify(header.name)} follows the end-of-archive marker.`,
            header.name,
          );
        }
        previousDataEnd = dataStart + Math.ceil((header.size ?? 0) / BLOCK) * BLOCK;
        entries += 1;
        if (entries > limits.maxEntries) {
          throw new PackageError('too-many-entries', `The package has more than ${limits.maxEntries} entries.`);
        }
        const rawName = decodeEntryName(header);
        const name = checkEntryPath(rawName, limits.maxPathBytes);
        if (header.type !== 'file' && header.type !== 'directory') {
          throw entryTypeProblem(header, name ?? rawName);
        }
        if (name === undefined) {
          // The root directory entry ("./") of archives made with `tar -C dir .`.
          if (header.type !== 'directory')
            throw new PackageError('path-invalid', `Entry ${JSON.stringify(rawName)} names the package root.`, rawName);
          stream.resume();
          stream.on('end', () => next());
          return;
        }
        names.add(name, header.type);
        if (header.type === 'directory') {
          directories.push(name);
          stream.resume();
          stream.on('end', () => next());
          return;
        }
        const hasher = platform.createSha256();
        const keepLimit = options.keep?.(name, kept) ?? false;
        const size = header.size ?? 0;
        const keepThis = keepLimit !== false && size <= keepLimit;
        if (keepLimit !== false && !keepThis) oversized.set(name, size);
        const buffer = keepThis ? new Uint8Array(size) : undefined;
        const visitor = options.visit?.(name, size);
        let filled = 0;
        stream.on('data', (data: unknown) => {
          const chunk = data as Uint8Array;
          hasher.update(chunk);
          if (buffer) buffer.set(chunk, filled);
          visitor?.write(chunk);
          filled += chunk.length;
        });
        stream.on('end', () => {
          try {
            visitor?.end();
          } catch (error) {
            fail(error);
            return;
          }
          files.push({ path: name, size: filled, sha256: hasher.digestHex() });
          if (buffer) kept.set(name, buffer);
          next();
        });
        stream.on('error', fail);
      } catch (error) {
        fail(error);
      }
    });
    extract.on('finish', () => resolve());
    extract.on('close', () => (failure ? reject(failure) : resolve()));
    extract.on('error', (error: unknown) => {
      fail(error);
      reject(failure);
    });
  });
  // Keep the promise from reporting an unhandled rejection before it is awaited.
  parsed.catch(() => undefined);

  let uncompressedSize = 0;
  try {
    for await (const chunk of decompressed) {
      if (failure) break;
      uncompressedSize += chunk.length;
      if (uncompressedSize > uncompressedBound) {
        throw ratioBound < limits.maxUncompressedBytes
          ? new PackageError(
              'compression-ratio-exceeded',
              `The package expands more than ${limits.maxCompressionRatio} times its compressed size of ${formatBytes(compressedSize)}.`,
            )
          : new PackageError(
              'uncompressed-too-large',
              `The unpacked package is larger than ${formatBytes(limits.maxUncompressedBytes)}.`,
            );
      }
      zeros.scan(chunk);
      if (!extract.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            extract.off('drain', done);
            extract.off('close', done);
            resolve();
          };
          extract.on('drain', done);
          extract.on('close', done);
        });
      }
    }
  } catch (error) {
    extract.destroy();
    throw error instanceof PackageError ? error : mapTarError(error);
  }
  if (failure) throw failure;
  extract.end(undefined);
  await parsed;
  if (failure) throw failure;

  return {
    sha256: packageHash.digestHex(),
    compressedSize: compressedSeen.bytes,
    uncompressedSize,
    files,
    directories,
    kept,
    oversized,
  };
}
