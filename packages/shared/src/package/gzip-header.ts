import { PackageError } from '../errors.js';

export const GZIP_TRAILER_BYTES = 8;
/** 10-byte header + empty deflate block (2) + trailer. */
export const MIN_GZIP_BYTES = 20;
const MAX_HEADER_BYTES = 64 * 1024;

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const RESERVED = 0xe0;

/**
 * Parses a gzip member header (RFC 1952) from the start of `bytes`. Returns its length, or
 * undefined when more bytes are needed. Throws `not-gzip` for a wrong magic or method and
 * `gzip-corrupt` for reserved flags or an oversized header.
 */
export function parseGzipHeader(bytes: Uint8Array): number | undefined {
  if (bytes.length >= 1 && bytes[0] !== 0x1f) throw notGzip();
  if (bytes.length >= 2 && bytes[1] !== 0x8b) throw notGzip();
  if (bytes.length >= 3 && bytes[2] !== 8) {
    throw new PackageError('not-gzip', `The gzip compression method is ${bytes[2]}; only deflate (8) is valid.`);
  }
  if (bytes.length < 10) return undefined;
  const flags = bytes[3]!;
  if (flags & RESERVED) throw new PackageError('gzip-corrupt', 'The gzip header sets reserved flag bits.');
  let at = 10;
  if (flags & FEXTRA) {
    if (bytes.length < at + 2) return undefined;
    at += 2 + (bytes[at]! | (bytes[at + 1]! << 8));
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (flags & flag) {
      const end = bytes.indexOf(0, at);
      if (end < 0) {
        if (bytes.length > MAX_HEADER_BYTES) throw tooLong();
        return undefined;
      }
      at = end + 1;
    }
  }
  if (flags & FHCRC) at += 2;
  if (at > MAX_HEADER_BYTES) throw tooLong();
  return bytes.length >= at ? at : undefined;
}

function notGzip(): PackageError {
  return new PackageError('not-gzip', 'The package is not gzip data (it must be a .tgz: a gzip-compressed tar).');
}

function tooLong(): PackageError {
  return new PackageError('gzip-corrupt', `The gzip header is longer than ${MAX_HEADER_BYTES} bytes.`);
}
