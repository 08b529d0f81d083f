import { gzipSync } from 'node:zlib';

/**
 * A deliberately permissive tar writer for hostile test packages: it writes whatever header
 * fields it is given (names with `..`, NUL, raw bytes; links; devices; PAX and GNU long names),
 * which no well-behaved library would produce.
 */
export interface RawEntry {
  /** ustar name field (up to 100 bytes), as a string or raw bytes. */
  name: string | Uint8Array;
  /** ustar prefix field (up to 155 bytes). */
  prefix?: string;
  /** Type flag character: '0' file, '1' hard link, '2' symlink, '3' char device, '4' block device, '5' directory, '6' fifo, 'x' PAX, 'g' global PAX, 'L' GNU long name. */
  type?: string;
  data?: Uint8Array | string;
  linkname?: string;
  mode?: number;
  /** Corrupt the header checksum. */
  badChecksum?: boolean;
  /** Declared size, if different from the data length (truncation tests). */
  declaredSize?: number;
}

const BLOCK = 512;
const enc = new TextEncoder();

function writeString(header: Uint8Array, offset: number, length: number, value: string | Uint8Array) {
  const bytes = typeof value === 'string' ? enc.encode(value) : value;
  header.set(bytes.subarray(0, length), offset);
}

function writeOctal(header: Uint8Array, offset: number, length: number, value: number) {
  writeString(header, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

export function rawHeader(entry: RawEntry): Uint8Array {
  const header = new Uint8Array(BLOCK);
  const data = typeof entry.data === 'string' ? enc.encode(entry.data) : (entry.data ?? new Uint8Array());
  writeString(header, 0, 100, entry.name);
  writeOctal(header, 100, 8, entry.mode ?? 0o644);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  writeOctal(header, 124, 12, entry.declaredSize ?? data.length);
  writeOctal(header, 136, 12, 946684800);
  header.fill(0x20, 148, 156);
  header[156] = (entry.type ?? '0').charCodeAt(0);
  if (entry.linkname) writeString(header, 157, 100, entry.linkname);
  writeString(header, 257, 6, 'ustar\0');
  writeString(header, 263, 2, '00');
  if (entry.prefix) writeString(header, 345, 155, entry.prefix);
  let sum = 0;
  for (const byte of header) sum += byte;
  if (entry.badChecksum) sum += 1;
  writeString(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return header;
}

function padded(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.length / BLOCK) * BLOCK);
  out.set(data);
  return out;
}

/** A PAX extended header record set ("len key=value\n"), as the data of an 'x' entry. */
export function paxRecords(records: Record<string, string | Uint8Array>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [key, value] of Object.entries(records)) {
    const body = typeof value === 'string' ? enc.encode(value) : value;
    const rest = enc.encode(` ${key}=`).length + body.length + 1;
    let length = rest + String(rest).length;
    if (String(length).length !== String(rest).length) length = rest + String(length).length;
    const record = new Uint8Array(length);
    record.set(enc.encode(`${length} ${key}=`), 0);
    record.set(body, enc.encode(`${length} ${key}=`).length);
    record[length - 1] = 0x0a;
    parts.push(record);
  }
  return concat(parts);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A tar stream of the entries, with (by default) the two end-of-archive blocks. */
export function rawTar(entries: readonly RawEntry[], options: { end?: boolean } = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    const data = typeof entry.data === 'string' ? enc.encode(entry.data) : (entry.data ?? new Uint8Array());
    parts.push(rawHeader(entry), padded(data));
  }
  if (options.end !== false) parts.push(new Uint8Array(BLOCK * 2));
  return concat(parts);
}

export const gzip = (bytes: Uint8Array, level = 6): Uint8Array => new Uint8Array(gzipSync(bytes, { level }));
