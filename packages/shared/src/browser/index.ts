import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { PackageError } from '../errors.js';
import { MIN_GZIP_BYTES, parseGzipHeader } from '../package/gzip-header.js';
import type { Hasher, ReaderPlatform } from '../package/reader.js';
import { validatePackage, type PackageValidation } from '../package/validate.js';
import type { PackageLimits } from '../limits.js';

/**
 * Gunzip with the browser's DecompressionStream, which verifies the CRC and length and rejects
 * anything after the member ("junk"), so concatenated members fail as on the server.
 */
async function* browserGunzip(source: AsyncIterable<Uint8Array>, compressedSize: number): AsyncIterable<Uint8Array> {
  if (compressedSize < MIN_GZIP_BYTES) {
    throw new PackageError('not-gzip', `The package is ${compressedSize} bytes, too short to be gzip data.`);
  }
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  let head = new Uint8Array(0);
  let headerChecked = false;
  const feeding = (async () => {
    try {
      for await (const chunk of source) {
        if (!headerChecked) {
          const joined = new Uint8Array(head.length + chunk.length);
          joined.set(head);
          joined.set(chunk, head.length);
          head = joined;
          if (parseGzipHeader(head) !== undefined) headerChecked = true;
        }
        await writer.write(chunk as Uint8Array<ArrayBuffer>);
      }
      await writer.close();
    } catch (error) {
      // Without this the readable side would wait forever for bytes that never come (a file
      // that is not gzip stops here before any byte is written).
      await writer.abort(error).catch(() => undefined);
      throw error;
    }
  })();
  feeding.catch(() => undefined);
  const reader = stream.readable.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield value;
    }
    await feeding;
  } catch (error) {
    await feeding.catch((e: unknown) => {
      if (e instanceof PackageError) throw e;
    });
    const message = error instanceof Error ? error.message : String(error);
    if (/junk|trailing/i.test(message)) {
      throw new PackageError(
        'gzip-trailing-data',
        'Data follows the gzip member: concatenated gzip members or data after the archive.',
      );
    }
    if (/unexpected end|incomplete|truncat/i.test(message)) {
      throw new PackageError('gzip-truncated', 'The gzip data ends before the end of the compressed stream.');
    }
    throw new PackageError('gzip-corrupt', `The gzip data is damaged: ${message}.`);
  } finally {
    reader.releaseLock();
  }
}

export const browserPlatform: ReaderPlatform = {
  gunzip: browserGunzip,
  createSha256(): Hasher {
    const hash = sha256.create();
    return { update: (data) => void hash.update(data), digestHex: () => bytesToHex(hash.digest()) };
  },
};

/** A Blob's bytes as a stream of chunks (the reader's input in the browser). */
export async function* blobChunks(blob: Blob): AsyncIterable<Uint8Array> {
  const reader = blob.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Validates a chosen file in the browser with the same rules as the server, before upload. */
export function validatePackageBlob(file: Blob, limits?: Partial<PackageLimits>): Promise<PackageValidation> {
  return validatePackage(blobChunks(file), browserPlatform, { compressedSize: file.size, limits });
}
