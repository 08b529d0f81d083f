/** Text helpers of the scanner: positions, excerpts, entropy, redaction and placeholders. */

/** Shannon entropy of `value` in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Keeps the first few characters and masks the rest, so the finding names the secret without leaking it. */
export function redact(secret: string): string {
  const keep = Math.min(secret.length <= 12 ? 2 : 6, secret.length);
  return `${secret.slice(0, keep)}${'*'.repeat(Math.min(12, Math.max(4, secret.length - keep)))}`;
}

const PLACEHOLDER = /example|dummy|x{4}|placeholder|your[_-]|changeme|redacted|sample|\*{4}|\.\.\./i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DIGEST = /^(?:sha(?:256|384|512)-)?(?:[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$/i;

/**
 * Values that are not credentials although a rule matched them: documentation placeholders
 * (EXAMPLE, dummy, xxxx — AWS's own AKIAIOSFODNN7EXAMPLE among them), UUIDs and hex digests
 * (lock files, integrity hashes).
 */
export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value) || UUID.test(value) || DIGEST.test(value);
}

/**
 * Lines of one text (a whole file, or one segment of it whose first line is `firstLine()`),
 * indexed on first use: most texts have no finding.
 */
export class LineIndex {
  private starts: number[] | undefined;
  private first: number | undefined;
  constructor(
    private readonly text: string,
    private readonly firstLine: () => number = () => 1,
  ) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = starts;
    }
    return this.starts;
  }

  /** 1-based line (in the file) and column of `offset`. */
  position(offset: number): { line: number; column: number } {
    const starts = this.lineStarts();
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    this.first ??= this.firstLine();
    return { line: this.first + low, column: offset - starts[low]! + 1 };
  }

  /** The line holding `offset`, without its newline. */
  lineAt(offset: number): { text: string; start: number } {
    const start = this.text.lastIndexOf('\n', offset - 1) + 1;
    let end = this.text.indexOf('\n', offset);
    if (end === -1) end = this.text.length;
    return { text: this.text.slice(start, end).replace(/\r$/, ''), start };
  }
}

const EXCERPT = 160;

/** The line around `offset`, at most 160 characters, with each of `secrets` redacted. */
export function excerptOf(index: LineIndex, offset: number, secrets: readonly string[] = []): string {
  const { text, start } = index.lineAt(offset);
  let from = 0;
  if (text.length > EXCERPT) from = Math.max(0, Math.min(offset - start - 40, text.length - EXCERPT));
  let line = text;
  for (const secret of secrets) if (secret) line = line.split(secret).join(redact(secret));
  // Redaction shortens the line; cut after it so no secret character is left at a cut edge.
  const shift = line.length - text.length;
  const cut = line.slice(from, from + EXCERPT + Math.max(0, shift)).trim();
  return cut.length > EXCERPT ? `${cut.slice(0, EXCERPT)}…` : cut;
}

export type CodeSyntax = 'js' | 'css' | 'html' | 'json' | 'other';

export function syntaxOf(path: string): CodeSyntax {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'js' || ext === 'mjs' || ext === 'cjs') return 'js';
  if (ext === 'css') return 'css';
  if (ext === 'html' || ext === 'htm') return 'html';
  if (ext === 'json') return 'json';
  return 'other';
}

/** Counts the quotes of each kind in `text`, ignoring backslash-escaped ones. */
function quotesBalanced(text: string): boolean {
  let single = 0;
  let double = 0;
  let back = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === "'") single++;
    else if (c === '"') double++;
    else if (c === '`') back++;
  }
  return single % 2 === 0 && double % 2 === 0 && back % 2 === 0;
}

/**
 * Whether `offset` is in a comment, judged on its line (a heuristic that errs towards code, so a
 * URL hidden behind a fake comment marker is still reported as reach): a line that starts a
 * comment (`//`, `/*`, `*`, `<!--`), or a `//` comment after code outside any string.
 */
export function inComment(index: LineIndex, offset: number, syntax: CodeSyntax): boolean {
  if (syntax === 'json' || syntax === 'other') return false;
  const { text, start } = index.lineAt(offset);
  const trimmed = text.trimStart();
  const at = offset - start;
  if (syntax === 'html') {
    const open = text.lastIndexOf('<!--', at);
    if (open === -1) return false;
    const close = text.indexOf('-->', open);
    return close === -1 || close > at;
  }
  if (trimmed.startsWith('/*') || trimmed.startsWith('*')) {
    const close = text.indexOf('*/');
    return close === -1 || close > at;
  }
  if (syntax === 'css') return false;
  if (trimmed.startsWith('//')) return true;
  const before = text.slice(0, at);
  const marker = before.search(/(?:^|[\s;,){}])\/\//);
  return marker !== -1 && quotesBalanced(before.slice(0, marker + 1));
}
