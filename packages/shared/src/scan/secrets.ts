import { LiteralSet } from './literals.js';
import { SECRET_RULES, type ScanRule } from './rules.js';
import type { Segment } from './segments.js';
import { excerptOf, isPlaceholder, redact, shannonEntropy } from './text.js';
import type { RawFinding } from './types.js';
import { isQuote, isSpace, valueWindows } from './windows.js';

const KEYED = SECRET_RULES.filter((rule) => rule.keyed);
/** Rules found through their literals (key prefixes, PEM armour), all searched for in one pass. */
const PREFIXED = SECRET_RULES.filter((rule) => rule.prefilter);
const LITERALS = new LiteralSet(PREFIXED.flatMap((rule) => rule.prefilter!));
/** Rules found by a keyword before a value (generic, AWS secret key): read around long values only. */
const KEYWORD = SECRET_RULES.filter((rule) => !rule.prefilter);
const PRINTABLE = /^[\t\n\r\x20-\x7e]*$/;

function decodeBase64(run: string): string | undefined {
  try {
    const standard = run.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
    const text = atob(standard.length % 4 === 1 ? standard.slice(0, -1) : standard);
    return PRINTABLE.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** A run of at least two character classes: credentials mix letters and digits. */
function mixed(value: string): boolean {
  return /[0-9]/.test(value) && /[A-Za-z]/.test(value);
}

function accepted(rule: ScanRule, value: string): boolean {
  if (isPlaceholder(value)) return false;
  if (rule.minEntropy !== undefined && (shannonEntropy(value) < rule.minEntropy || !mixed(value))) return false;
  return true;
}

/** The value a match names: its first capture, else the whole match. */
const valueOf = (match: RegExpMatchArray): string => match[1] ?? match[0];

/** The keyed rules' matches in a short text (a joined line, a decoded base64 run). */
function* keyedMatches(text: string): Generator<{ rule: ScanRule; match: RegExpMatchArray }> {
  for (const rule of KEYED) {
    if (rule.prefilter && !rule.prefilter.some((literal) => text.includes(literal))) continue;
    for (const match of text.matchAll(rule.pattern!)) yield { rule, match };
  }
}

function serviceAccountHasKey(text: string): boolean {
  const key = /"private_key"\s*:\s*"([^"]{40,})"/.exec(text);
  return key !== null && !isPlaceholder(key[1]!.slice(0, 120).replace(/-----[A-Z ]+-----|\\n/g, ''));
}

/** What the secret rules read besides the segment: its runs, and the whole file on demand. */
export interface SecretContext {
  file: string;
  out: RawFinding[];
  /** Base64/hex runs of at least 40 characters in the segment's own lines. */
  runs: ReadonlyArray<[number, number]>;
  /** Rule and value of each finding in this file so far (one finding per secret). */
  seen: Set<string>;
  /** The whole file's text (a service-account key may be lines away from its type). */
  wholeText: () => string;
}

/**
 * The secrets in one segment: each literal rule's pattern where its literal occurs, the keyword
 * rules around long values, the keyed patterns again on lines whose string literals are joined
 * with `+`, and once more inside base64 runs.
 */
export function scanSecrets(segment: Segment, context: SecretContext): void {
  const { text, own, index } = segment;
  const { file, out, runs, seen } = context;
  const report = (rule: ScanRule, offset: number, value: string, how: string, joined?: string): void => {
    const key = `${rule.id}:${value}`;
    if (seen.has(key)) return;
    seen.add(key);
    const { line, column } = index.position(offset);
    out.push({
      ruleId: rule.id,
      file,
      line,
      column,
      // A split secret is shown joined (and redacted): its pieces on the line would leak it.
      excerpt: joined
        ? joined.split(value).join(redact(value)).trim().slice(0, 160)
        : rule.id === 'secret.private-key'
          ? `${excerptOf(index, offset, [value])} ${redact(value)}`
          : excerptOf(index, offset, [value]),
      message: `${rule.title}${how} at ${file}:${line}.`,
    });
  };
  const direct = (rule: ScanRule, match: RegExpMatchArray, base: number): void => {
    const value = valueOf(match);
    if (rule.id === 'secret.gcp-service-account') {
      if (serviceAccountHasKey(context.wholeText())) report(rule, base + match.index!, match[0], '');
      return;
    }
    // A key block is reported at its BEGIN line; other secrets where their value starts.
    const at = base + match.index! + (rule.id === 'secret.private-key' ? 0 : match[0].indexOf(value));
    if (accepted(rule, value)) report(rule, at, value, '');
  };

  const literals = LITERALS.found(text, own);
  for (const rule of PREFIXED) {
    if (!rule.prefilter!.some((literal) => literals.has(literal))) continue;
    for (const match of text.matchAll(rule.pattern!)) if (match.index! < own) direct(rule, match, 0);
  }

  for (const [start, end] of valueWindows(text, own, runs)) {
    const window = text.slice(start, end);
    for (const rule of KEYWORD) {
      for (const match of window.matchAll(rule.pattern!)) if (start + match.index! < own) direct(rule, match, start);
    }
  }

  // String literals joined with `+` on one line: `"AKIA" + 'IOSF…'`.
  for (let plus = text.indexOf('+'); plus !== -1 && plus < own; plus = text.indexOf('+', plus + 1)) {
    let before = plus - 1;
    while (before >= 0 && isSpace(text.charCodeAt(before))) before--;
    let after = plus + 1;
    while (after < text.length && isSpace(text.charCodeAt(after))) after++;
    if (!isQuote(text.charCodeAt(before)) || !isQuote(text.charCodeAt(after))) continue;
    const { text: line, start } = index.lineAt(before);
    const joined = line.replace(/(['"`])\s*\+\s*(['"`])/g, '');
    for (const { rule, match } of keyedMatches(joined)) {
      const value = valueOf(match);
      if (line.includes(value) || !accepted(rule, value)) continue;
      report(rule, start + Math.min(match.index!, line.length - 1), value, ' (split across joined strings)', joined);
    }
    plus = Math.max(plus, start + line.length);
  }

  for (const [start, end] of runs) {
    const run = text.slice(start, end);
    const decoded = decodeBase64(run);
    if (!decoded) continue;
    for (const { rule, match } of keyedMatches(decoded)) {
      if (accepted(rule, valueOf(match))) report(rule, start, run, ' (base64-encoded)');
    }
  }
}
