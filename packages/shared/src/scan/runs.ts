/** Characters of base64 (standard and URL-safe) and hex. */
const ALPHABET = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-') ALPHABET[c.charCodeAt(0)] = 1;

const inAlphabet = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c < 128 && ALPHABET[c] === 1;
};

/**
 * Runs of at least `min` base64/hex characters starting before `limit`, as [start, end)
 * offsets. Looks at the last character a run starting at `p` would need and walks back from it
 * to the first character outside the alphabet, which moves `p` past it (as Boyer-Moore skips):
 * in code, where words are short, that reads a few characters for every `min`.
 */
export function alphabetRuns(text: string, min: number, limit = text.length): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let p = 0;
  while (p < limit && p + min <= text.length) {
    const last = p + min - 1;
    if (!inAlphabet(text, last)) {
      p = last + 1;
      continue;
    }
    let back = last - 1;
    while (back >= p && inAlphabet(text, back)) back--;
    if (back >= p) {
      p = back + 1;
      continue;
    }
    // p follows a character outside the alphabet (or starts the text): the run starts there.
    let end = last + 1;
    while (end < text.length && inAlphabet(text, end)) end++;
    runs.push([p, end]);
    p = end + 1;
  }
  return runs;
}

/**
 * The same runs in ASCII bytes (where offsets in the bytes are offsets in the text): reading a
 * byte array costs a third less than reading a string's characters.
 */
export function alphabetRunsInBytes(bytes: Uint8Array, min: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  const length = bytes.length;
  let p = 0;
  while (p + min <= length) {
    const last = p + min - 1;
    if (ALPHABET[bytes[last]!] === 0) {
      p = last + 1;
      continue;
    }
    let back = last - 1;
    while (back >= p && ALPHABET[bytes[back]!] === 1) back--;
    if (back >= p) {
      p = back + 1;
      continue;
    }
    let end = last + 1;
    while (end < length && ALPHABET[bytes[end]!] === 1) end++;
    runs.push([p, end]);
    p = end + 1;
  }
  return runs;
}
