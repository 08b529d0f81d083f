/** Characters of a credential value as the generic rule reads it: [0-9A-Za-z_+/=.~-]. */
const TOKEN = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+/=.~-') TOKEN[c.charCodeAt(0)] = 1;

export const isToken = (c: number): boolean => c < 128 && TOKEN[c] === 1;
export const isQuote = (c: number): boolean => c === 39 || c === 34 || c === 96;

/** What `\s` matches in a regular expression. */
export function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Shortest value the keyword rules accept (the generic rule's 16 characters). */
const MIN_VALUE = 16;
/** Longest value they read (the generic rule's 128, and its closing quote). */
const MAX_VALUE = 129;
/** Characters before a value's assignment that hold its keyword and name (`aws_secret_access_key`). */
const BEFORE = 96;

/** Skipped back from a value to its name: quotes, spaces and the assignment (`" = '`, `": "`, `=> "`). */
const isAssignment = (c: number): boolean => isSpace(c) || isQuote(c) || c === 61 || c === 58 || c === 62;

/**
 * Where the keyword rules (a secret-like name assigned a value) can match in `text`: around
 * each quoted value of at least 16 token characters, and around each long base64 run (an
 * unquoted 40-character key), both starting in the own part. Windows are merged and sorted.
 */
export function valueWindows(
  text: string,
  own: number,
  runs: ReadonlyArray<[number, number]>,
): Array<[number, number]> {
  const windows: Array<[number, number]> = [];
  const add = (valueStart: number, valueEnd: number): void => {
    let name = valueStart - 1;
    while (name >= 0 && isAssignment(text.charCodeAt(name))) name--;
    // One character past the value too: the rules look at what follows it.
    windows.push([Math.max(0, name - BEFORE), Math.min(text.length, valueEnd + 1)]);
  };
  for (const quote of ['"', "'", '`']) {
    for (let open = text.indexOf(quote); open !== -1 && open < own; open = text.indexOf(quote, open + 1)) {
      const min = open + 1 + MIN_VALUE;
      if (min > text.length) break;
      let end = open + 1;
      while (end < min && isToken(text.charCodeAt(end))) end++;
      if (end < min) continue;
      const max = Math.min(text.length, open + 1 + MAX_VALUE);
      while (end < max && isToken(text.charCodeAt(end))) end++;
      add(open + 1, end);
      // The value's closing quote opens nothing.
      open = end < text.length && text.charCodeAt(end) === quote.charCodeAt(0) ? end : end - 1;
    }
  }
  for (const [start, end] of runs) add(start, end);
  if (windows.length < 2) return windows;
  windows.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [windows[0]!];
  for (const [start, end] of windows.slice(1)) {
    const last = merged[merged.length - 1]!;
    if (start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
