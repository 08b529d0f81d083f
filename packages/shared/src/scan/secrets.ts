import { SECRET_RULES, type ScanRule } from './rules.js';
import { alphabetRuns } from './runs.js';
import { excerptOf, isPlaceholder, redact, shannonEntropy, type LineIndex } from './text.js';
import type { RawFinding } from './types.js';

const KEYED = SECRET_RULES.filter((rule) => rule.keyed);
const escape = (literal: string) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * Every prefiltered rule's literals in one expression: one pass over a file that has none of
 * them (most files) instead of one per literal.
 */
const GATE = new RegExp(
  SECRET_RULES.flatMap((rule) => rule.prefilter ?? [])
    .map(escape)
    .join('|'),
);
/** String literals joined with `+` on one line: `"AKIA" + 'IOSF…'`. */
const JOIN = /(['"`])\s*\+\s*(['"`])/g;
/** Runs long enough to hide a keyed secret once base64-decoded. */
const MIN_BASE64_RUN = 40;
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

function* matches(
  rules: readonly ScanRule[],
  text: string,
  gated = GATE.test(text),
): Generator<{ rule: ScanRule; match: RegExpMatchArray }> {
  for (const rule of rules) {
    if (rule.prefilter && !gated) continue;
    if (rule.prefilter && !rule.prefilter.some((literal) => text.includes(literal))) continue;
    for (const match of text.matchAll(rule.pattern!)) yield { rule, match };
  }
}

function serviceAccountHasKey(text: string): boolean {
  const key = /"private_key"\s*:\s*"([^"]{40,})"/.exec(text);
  return key !== null && !isPlaceholder(key[1]!.slice(0, 120).replace(/-----[A-Z ]+-----|\\n/g, ''));
}

/**
 * The secrets in one text file: each rule's pattern, then the keyed (prefix) patterns again on
 * lines whose string literals are joined with `+`, and once more inside base64 runs.
 */
export function scanSecrets(
  text: string,
  file: string,
  index: LineIndex,
  out: RawFinding[],
  runs?: ReadonlyArray<[number, number]>,
): void {
  const seen = new Set<string>();
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

  for (const { rule, match } of matches(SECRET_RULES, text)) {
    const value = valueOf(match);
    if (rule.id === 'secret.gcp-service-account') {
      if (serviceAccountHasKey(text)) report(rule, match.index!, match[0], '');
      continue;
    }
    // A key block is reported at its BEGIN line; other secrets where their value starts.
    const offset = rule.id === 'secret.private-key' ? match.index! : match.index! + match[0].indexOf(value);
    if (accepted(rule, value)) report(rule, offset, value, '');
  }

  if (text.includes('+')) {
    const joins = new RegExp(JOIN.source, 'g');
    for (let join = joins.exec(text); join; join = joins.exec(text)) {
      const { text: line, start } = index.lineAt(join.index);
      const joined = line.replace(JOIN, '');
      for (const { rule, match } of matches(KEYED, joined)) {
        const value = valueOf(match);
        if (line.includes(value) || !accepted(rule, value)) continue;
        report(rule, start + Math.min(match.index!, line.length - 1), value, ' (split across joined strings)', joined);
      }
      joins.lastIndex = start + line.length + 1;
    }
  }

  for (const [start, end] of runs ?? alphabetRuns(text, MIN_BASE64_RUN)) {
    const run = text.slice(start, end);
    const decoded = decodeBase64(run);
    if (!decoded) continue;
    for (const { rule, match } of matches(KEYED, decoded)) {
      const value = valueOf(match);
      if (accepted(rule, value)) report(rule, start, run, ' (base64-encoded)');
    }
  }
}
