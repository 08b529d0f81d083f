import { LineIndex } from './text.js';

/**
 * Bytes of whole lines decoded at once. Strings past about 128 KiB are allocated one by one in
 * V8's large-object space, which costs five times the decoding itself; segments stay below.
 */
export const SEGMENT_BYTES = 60 * 1024;
/** Bytes after a segment's own lines that it also decodes, for matches that run across lines. */
export const CONTEXT_BYTES = 2048;

/** A run of whole lines of one file, decoded, with a little of what follows. */
export interface Segment {
  /** The own lines, then up to CONTEXT_BYTES of the next ones. */
  text: string;
  /**
   * Length of the own lines in `text`: a match belongs to this segment when it starts before
   * `own` (the next segment finds the others). Always ends at a newline or at the end of the file.
   */
  own: number;
  /** Positions in the file of offsets in `text`. */
  index: LineIndex;
  /** The own lines' bytes when they are all ASCII (so that byte offsets are text offsets). */
  ascii?: Uint8Array;
}

/** Counts the newlines of a file's bytes up to an offset, resuming where it stopped. */
class LineCounter {
  private at = 0;
  private lines = 1;
  constructor(private readonly bytes: Uint8Array) {}

  lineOf(offset: number): number {
    if (offset < this.at) {
      this.at = 0;
      this.lines = 1;
    }
    const { bytes } = this;
    let lines = this.lines;
    for (let i = this.at; i < offset; i++) if (bytes[i] === 10) lines++;
    this.at = offset;
    this.lines = lines;
    return lines;
  }
}

/** Where the segment starting at `start` ends: after the last newline that keeps it small. */
function segmentEnd(bytes: Uint8Array, start: number, max: number): number {
  if (bytes.length - start <= max) return bytes.length;
  const last = bytes.lastIndexOf(10, start + max - 1);
  if (last >= start) return last + 1;
  // One line longer than a segment: it is a segment of its own (lines are never cut).
  const next = bytes.indexOf(10, start + max);
  return next === -1 ? bytes.length : next + 1;
}

/**
 * The segments of a text file's bytes, in order, each decoded once (UTF-8, invalid bytes
 * replaced). Lines are never split, so everything a rule reads on one line is in one segment.
 */
export function* segments(bytes: Uint8Array, max = SEGMENT_BYTES, context = CONTEXT_BYTES): Generator<Segment> {
  const decoder = new TextDecoder('utf-8');
  const counter = new LineCounter(bytes);
  for (let start = 0; start < bytes.length;) {
    const end = segmentEnd(bytes, start, max);
    let to = Math.min(bytes.length, end + context);
    // Stop the context on a character boundary (never inside a UTF-8 sequence).
    while (to < bytes.length && (bytes[to]! & 0xc0) === 0x80) to++;
    const text = decoder.decode(bytes.subarray(start, to));
    // Every character of a UTF-8 text takes at least one byte: as many characters as bytes is
    // ASCII (or one replacement character per invalid byte), where offsets are byte offsets.
    const ascii = text.length === to - start;
    // `end` follows a newline (or ends the file): decoding stops and restarts cleanly there.
    const own = ascii ? end - start : text.length - decoder.decode(bytes.subarray(end, to)).length;
    const first = start;
    const index = new LineIndex(text, () => counter.lineOf(first));
    yield ascii ? { text, own, index, ascii: bytes.subarray(start, end) } : { text, own, index };
    start = end;
  }
}
