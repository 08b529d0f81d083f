import type { Segment } from './segments.js';
import { excerptOf, inComment, redact, shannonEntropy, type CodeSyntax } from './text.js';
import type { RawFinding } from './types.js';

/** A string literal (no interpolation): the only argument `eval`/`Function` may have. */
const LITERAL = String.raw`(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")`;
const LITERAL_ARGS = new RegExp(String.raw`^\(\s*(?:${LITERAL}\s*(?:,\s*${LITERAL}\s*)*)?\)`);
const DYNAMIC =
  /(?<![\w$])(eval)\s*\(|(?<![\w$])(new\s+Function|Function)\s*\(|(?<![\w$])(setTimeout|setInterval)\s*\(\s*['"`]|(?<![\w$.])eval(?=\s*[),;])|\[\s*['"]eval['"]\s*\]/g;
/** Runs of base64/hex alphabet long enough to hold a payload. */
export const MIN_BLOB = 200;
const WASM_BASE64 = 'AGFzbQ';
const LONG_LINE = 1000;
const MAX_WHITESPACE_RATIO = 0.1;

/** Where a file looks minified: its first long, dense line. */
export interface MinifiedSighting {
  file: string;
  line: number;
  /** The `sourceMappingURL` it names, resolved against its directory. */
  sourceMap?: string;
}

function ruleOf(match: RegExpMatchArray): string {
  if (match[1]) return 'obfuscation.eval';
  if (match[2]) return 'obfuscation.function-constructor';
  if (match[3]) return 'obfuscation.string-timer';
  return 'obfuscation.indirect-eval';
}

/** Dynamic code: `eval`/`Function` of non-literals, string timers, eval as a value. */
export function scanDynamicCode(segment: Segment, file: string, syntax: CodeSyntax, out: RawFinding[]): void {
  if (syntax !== 'js' && syntax !== 'html') return;
  const { text, own, index } = segment;
  // Capitalised words first: a rare first letter makes the search fast.
  if (!['Function', 'Timeout', 'Interval', 'eval'].some((word) => text.includes(word))) return;
  for (const match of text.matchAll(DYNAMIC)) {
    const offset = match.index!;
    if (offset >= own) break;
    const ruleId = ruleOf(match);
    if (ruleId === 'obfuscation.eval' || ruleId === 'obfuscation.function-constructor') {
      const args = text.slice(offset + match[0].length - 1, offset + match[0].length + 2000);
      if (LITERAL_ARGS.test(args)) continue;
    }
    if (inComment(index, offset, syntax)) continue;
    const { line, column } = index.position(offset);
    const what = match[1] ?? match[2] ?? match[3] ?? 'eval';
    out.push({
      ruleId,
      file,
      line,
      column,
      excerpt: excerptOf(index, offset),
      message: `${what} at ${file}:${line} runs code that is not in the package as written.`,
    });
  }
}

/** Long high-entropy runs (and base64 WebAssembly) in code. */
export function scanBlobs(
  segment: Segment,
  file: string,
  syntax: CodeSyntax,
  out: RawFinding[],
  minEntropy: number,
  runs: ReadonlyArray<[number, number]>,
): void {
  if (syntax !== 'js' && syntax !== 'html' && syntax !== 'css') return;
  const { text, index } = segment;
  for (const [offset, end] of runs) {
    if (end - offset < MIN_BLOB) continue;
    const run = text.slice(offset, end);
    // Inline images and fonts in CSS/HTML are data, shown not run.
    if (/data:(?:image|font)\/[\w.+-]+;base64,$/.test(text.slice(Math.max(0, offset - 40), offset))) continue;
    const hex = /^[0-9a-fA-F]+$/.test(run);
    const entropy = shannonEntropy(run.slice(0, 4096));
    const wasm = run.startsWith(WASM_BASE64);
    if (!wasm && entropy < (hex ? 3.5 : minEntropy)) continue;
    const { line, column } = index.position(offset);
    out.push({
      ruleId: wasm ? 'obfuscation.binary' : 'obfuscation.blob',
      file,
      line,
      column,
      excerpt: excerptOf(index, offset, [run]).replace(redact(run), `${run.slice(0, 12)}… (${run.length} characters)`),
      message: wasm
        ? `Base64-encoded WebAssembly at ${file}:${line}.`
        : `A ${run.length}-character ${hex ? 'hex' : 'base64'} run with ${entropy.toFixed(1)} bits of entropy per character at ${file}:${line}.`,
    });
  }
}

/** Whether `text[start, end)` is dense: less than 10% spaces and tabs. */
function dense(text: string, start: number, end: number): boolean {
  let blanks = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) blanks++;
  }
  return blanks / (end - start) < MAX_WHITESPACE_RATIO;
}

/**
 * The offset of the first line of the segment's own part over 1,000 characters with less than
 * 10% whitespace, if any. Looks for the newline after every 500 characters: when the newlines
 * found are at most 1,000 apart, no line between them is longer, and the lines are not read.
 */
export function findMinified(segment: Segment, syntax: CodeSyntax): number | undefined {
  if (syntax !== 'js' && syntax !== 'css') return undefined;
  const { text, own } = segment;
  const half = LONG_LINE / 2;
  // `known` is a line start: no line before it is long.
  for (let known = 0; known < own;) {
    let probe = text.indexOf('\n', known + half);
    if (probe === -1 || probe > own) probe = own;
    if (probe - known <= LONG_LINE) {
      known = probe + 1;
      continue;
    }
    // A long line may start anywhere from `known` to `probe`: read them one by one.
    for (let start = known; start < probe;) {
      let end = text.indexOf('\n', start);
      if (end === -1 || end > probe) end = probe;
      if (end - start > LONG_LINE && dense(text, start, end)) return start;
      start = end + 1;
    }
    known = probe + 1;
  }
  return undefined;
}

/** The minified sighting of `file`, whose first minified line is `line` and which ends with `tail`. */
export function minifiedSighting(file: string, line: number, tail: string): MinifiedSighting {
  const named = /\/[/*][#@]\s*sourceMappingURL=([^\s*'"]+)/.exec(tail)?.[1];
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
  return {
    file,
    line,
    sourceMap: named && !named.startsWith('data:') && !named.includes('//') ? dir + named : undefined,
  };
}

/** Whether a minified file ships with what makes it reviewable: its map or its source. */
export function hasSource(sighting: MinifiedSighting, files: ReadonlySet<string>): boolean {
  const { file } = sighting;
  if (sighting.sourceMap && files.has(sighting.sourceMap.replace(/^\.\//, ''))) return true;
  if (files.has(`${file}.map`)) return true;
  const unminified = file.replace(/[.-]min(\.[cm]?js|\.css)$/, '$1');
  return unminified !== file && files.has(unminified);
}

/** Magic numbers of executables: WebAssembly, ELF, Mach-O (32/64, both orders, fat), PE. */
export function binaryKind(head: Uint8Array): string | undefined {
  const b = (i: number) => head[i] ?? -1;
  if (b(0) === 0x00 && b(1) === 0x61 && b(2) === 0x73 && b(3) === 0x6d) return 'WebAssembly module';
  if (b(0) === 0x7f && b(1) === 0x45 && b(2) === 0x4c && b(3) === 0x46) return 'ELF executable';
  const word = ((b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3)) >>> 0;
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(word)) return 'Mach-O executable';
  if (b(0) === 0x4d && b(1) === 0x5a && head.length >= 64) {
    const pe = b(0x3c) | (b(0x3d) << 8) | (b(0x3e) << 16);
    if (pe + 4 <= head.length && b(pe) === 0x50 && b(pe + 1) === 0x45 && b(pe + 2) === 0 && b(pe + 3) === 0)
      return 'PE (Windows) executable';
  }
  return undefined;
}
