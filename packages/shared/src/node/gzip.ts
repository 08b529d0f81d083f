import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { PackageError } from '../errors.js';
import { parseGzipHeader, GZIP_TRAILER_BYTES, MIN_GZIP_BYTES } from '../package/gzip-header.js';

/**
 * Decompresses exactly one gzip member with Node's zlib. Node's Gunzip accepts concatenated
 * members and ignores trailing garbage; a package must be one member and nothing else, so the
 * framing (header, CRC32, ISIZE, what follows) is checked here and only the raw deflate data
 * goes to zlib.
 */
export async function* gunzipOneMember(
  source: AsyncIterable<Uint8Array>,
  compressedSize: number,
): AsyncIterable<Uint8Array> {
  if (compressedSize < MIN_GZIP_BYTES) {
    throw new PackageError('not-gzip', `The package is ${compressedSize} bytes, too short to be gzip data.`);
  }
  const trailer = new Uint8Array(GZIP_TRAILER_BYTES);
  const framing = { payloadBytes: 0 };

  async function* payload(): AsyncIterable<Uint8Array> {
    let head: Uint8Array = new Uint8Array(0);
    let headerLength = -1;
    let offset = 0;
    const payloadEnd = compressedSize - GZIP_TRAILER_BYTES;
    for await (const chunk of source) {
      const chunkStart = offset;
      offset += chunk.length;
      let body = chunk;
      let bodyStart = chunkStart;
      if (headerLength < 0) {
        head = concat(head, chunk);
        const parsed = parseGzipHeader(head);
        if (parsed === undefined) continue;
        headerLength = parsed;
        body = head.subarray(headerLength);
        bodyStart = headerLength;
        head = new Uint8Array(0);
      }
      // Split what arrived into deflate payload and the 8-byte trailer.
      const payloadPart = body.subarray(0, Math.max(0, Math.min(body.length, payloadEnd - bodyStart)));
      if (payloadPart.length > 0) {
        framing.payloadBytes += payloadPart.length;
        yield payloadPart;
      }
      for (let i = payloadPart.length; i < body.length; i++) {
        trailer[bodyStart + i - payloadEnd] = body[i]!;
      }
    }
    if (headerLength < 0) {
      throw new PackageError('gzip-truncated', 'The gzip header is incomplete.');
    }
  }

  const inflater = zlib.createInflateRaw();
  const input = Readable.from(payload(), { objectMode: false });
  let inputError: unknown;
  input.on('error', (error) => {
    inputError = error;
    inflater.destroy(error);
  });
  input.pipe(inflater);

  let crc = 0;
  let total = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      crc = zlib.crc32(chunk, crc);
      total += chunk.length;
      yield chunk;
    }
  } catch (error) {
    if (inputError instanceof PackageError) throw inputError;
    if (error instanceof PackageError) throw error;
    throw mapZlibError(error);
  } finally {
    input.unpipe(inflater);
    input.destroy();
    inflater.destroy();
  }
  if (inputError) throw inputError instanceof PackageError ? inputError : mapZlibError(inputError);
  // zlib stops at the end of the deflate stream; anything after it inside the payload range is
  // a second member or junk.
  if (inflater.bytesWritten !== framing.payloadBytes) {
    throw new PackageError(
      'gzip-trailing-data',
      `The gzip member ends after ${inflater.bytesWritten + 10} bytes but the package has ${compressedSize}: ` +
        'concatenated gzip members or data after the archive.',
    );
  }
  const view = new DataView(trailer.buffer);
  const expectedCrc = view.getUint32(0, true);
  const expectedSize = view.getUint32(4, true);
  if (expectedCrc !== crc >>> 0) {
    throw new PackageError('gzip-corrupt', 'The gzip CRC32 does not match the decompressed data.');
  }
  if (expectedSize !== total % 2 ** 32) {
    throw new PackageError('gzip-corrupt', 'The gzip length field does not match the decompressed data.');
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function mapZlibError(error: unknown): PackageError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(message)) {
    return new PackageError('gzip-truncated', 'The gzip data ends before the end of the compressed stream.');
  }
  return new PackageError('gzip-corrupt', `The gzip data is damaged: ${message}.`);
}
