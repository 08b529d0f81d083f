/** Characters of base64 (standard and URL-safe) and hex. */
const ALPHABET = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-') ALPHABET[c.charCodeAt(0)] = 1;

const inAlphabet = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c < 128 && ALPHABET[c] === 1;
};

/**
 * Runs of at least `min` base64/hex characters, as [start, end) offsets. Looks at one character
 * in every `min - 1` and widens only from those inside the alphabet: any run of `min` holds one
 * such sample, and the scan costs a fraction of a regular expression's, which restarts at every
 * character of every word.
 */
export function alphabetRuns(text: string, min: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  const step = min - 1;
  for (let p = 0; p < text.length; p += step) {
    if (!inAlphabet(text, p)) continue;
    let start = p;
    while (start > 0 && inAlphabet(text, start - 1)) start--;
    let end = p + 1;
    while (end < text.length && inAlphabet(text, end)) end++;
    if (end - start >= min) runs.push([start, end]);
    p = end;
  }
  return runs;
}
