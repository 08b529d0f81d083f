// C0 and C1 controls, DEL and the backslash: browsers drop tabs and newlines from URLs and read
// `\` as `/`, so `/\evil.example` or `/\t/evil.example` would become `//evil.example`.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\\]/;
const MAX_LENGTH = 2048;
/** Stands for the console's origin while resolving; any origin of ours gives the same answer. */
const ORIGIN = 'https://console.invalid';
/** Percent-decoding passes checked; one more than any legitimate `next` needs. */
const DECODE_PASSES = 3;

function looksLikeLocalPath(value: string): boolean {
  return value.startsWith('/') && !value.startsWith('//') && !UNSAFE.test(value);
}

/**
 * Where to go after signing in: the `next` parameter if it is a path of this console, else `/`.
 * Accepted: `/` followed by anything but a second `/` or `\`, without control characters, in
 * every percent-decoded form too (so `%2F%2Fevil`, `%5Cevil` and `%09` are refused). The result
 * is the path as the URL parser resolves it on our origin (dot segments removed), so what the
 * router navigates to is what was checked.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || next.length > MAX_LENGTH) return '/';
  let decoded = next;
  for (let pass = 0; ; pass++) {
    if (!looksLikeLocalPath(decoded)) return '/';
    let again: string;
    try {
      again = decodeURIComponent(decoded);
    } catch {
      return '/';
    }
    if (again === decoded) break;
    if (pass === DECODE_PASSES) return '/';
    decoded = again;
  }
  let url: URL;
  try {
    url = new URL(next, ORIGIN);
  } catch {
    return '/';
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== ORIGIN || !looksLikeLocalPath(path)) return '/';
  return path;
}
