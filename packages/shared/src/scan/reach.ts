import { fetchHostAllowed } from '../permissions/hosts.js';
import type { Segment } from './segments.js';
import { excerptOf, inComment, type CodeSyntax } from './text.js';
import type { RawFinding } from './types.js';

/** A URL or host name seen in a code file; judged once the manifest is known. */
export interface Sighting {
  file: string;
  line: number;
  column: number;
  host: string;
  excerpt: string;
  comment: boolean;
}

/** Absolute URLs, protocol-relative ones after a quote or `(`, and quoted bare host names. */
const URLS =
  /\b(?:https?|wss?|ftp):\/\/([^\s/'"`<>()\\?#]+)|["'(]\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)|(["'`])((?:[a-z0-9-]+\.)+(?:com|net|org|io|dev|app|co|ai|xyz|ru|cn|info|me|cloud|site|online|top|tk))\3/iy;
/** Identifiers that look like URLs but are never fetched: XML namespaces and JSON Schema ids. */
const IDENTIFIER_HOSTS = new Set(['www.w3.org', 'json-schema.org']);
/** RFC 2606/6761 names that cannot be anyone's server. */
const RESERVED = /(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)$/;
/** Files that describe the package rather than run: npm metadata and lock files. */
const METADATA = /(?:^|\/)(?:plugin\.json|package\.json|package-lock\.json|npm-shrinkwrap\.json)$/;
/** Most sightings kept per file: enough for the reviewer, bounded for memory. */
export const MAX_SIGHTINGS = 50;
/** Longest scheme before `//` (`https:`). */
const SCHEME = 6;

function hostOf(raw: string): string | undefined {
  try {
    const url = new URL(`https://${raw.replace(/^[^@]*@/, '')}/`);
    return /^[a-z0-9.-]+(?::\d+)?$/.test(url.host) && url.hostname.includes('.') ? url.host : undefined;
  } catch {
    return undefined;
  }
}

const isLabel = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45;
const isQuote = (c: number): boolean => c === 39 || c === 34 || c === 96;

/**
 * Where URLS can match in `text` (before `own`), in order: a little before each `//` (a scheme
 * or an opening quote), and the opening quote of each quoted name whose last label is followed
 * by its closing quote. URLS is then tried at these offsets only, instead of at every character.
 */
export function urlCandidates(text: string, own: number): number[] {
  const starts: number[] = [];
  for (
    let slashes = text.indexOf('//');
    slashes !== -1 && slashes < own + SCHEME;
    slashes = text.indexOf('//', slashes + 1)
  ) {
    for (let start = Math.max(0, slashes - SCHEME); start < slashes; start++) starts.push(start);
  }
  for (let dot = text.indexOf('.'); dot !== -1 && dot < own; dot = text.indexOf('.', dot + 1)) {
    let end = dot + 1;
    while (end < text.length && isLabel(text.charCodeAt(end))) end++;
    if (end === dot + 1 || !isQuote(text.charCodeAt(end))) continue;
    let open = dot - 1;
    while (open >= 0 && (isLabel(text.charCodeAt(open)) || text.charCodeAt(open) === 46)) open--;
    if (open >= 0 && text.charCodeAt(open) === text.charCodeAt(end)) starts.push(open);
  }
  return starts.sort((a, b) => a - b);
}

/** The URLs and host names of one segment of a code file, added to `found` (at most MAX_SIGHTINGS). */
export function collectSightings(segment: Segment, file: string, syntax: CodeSyntax, found: Sighting[]): void {
  if (syntax === 'other' || METADATA.test(file)) return;
  const { text, own, index } = segment;
  let next = 0;
  for (const start of urlCandidates(text, own)) {
    if (start < next || start >= own || found.length >= MAX_SIGHTINGS) continue;
    URLS.lastIndex = start;
    const match = URLS.exec(text);
    if (!match) continue;
    next = start + match[0].length;
    const host = hostOf(match[1] ?? match[2] ?? match[4]!);
    if (!host || IDENTIFIER_HOSTS.has(host)) continue;
    const offset = match.index;
    if (syntax === 'json' && /"\$(?:schema|id)"\s*:\s*"?$/.test(text.slice(Math.max(0, offset - 20), offset))) continue;
    if (/xmlns(?::\w+)?\s*=\s*["']?$/.test(text.slice(Math.max(0, offset - 20), offset))) continue;
    const { line, column } = index.position(offset);
    found.push({
      file,
      line,
      column,
      host,
      excerpt: excerptOf(index, offset),
      comment: inComment(index, offset, syntax),
    });
  }
}

/**
 * Judges sightings against the declared hosts: in panel files anything remote outside a comment
 * is `reach.panel-remote` (panels have no network, declared or not); elsewhere an undeclared host
 * outside a comment is `reach.undeclared-host`; comments and reserved example names are
 * `reach.documentation-link` (low).
 */
export function judgeSightings(
  sightings: readonly Sighting[],
  hosts: ReadonlySet<string>,
  isPanelFile: (file: string) => boolean,
): RawFinding[] {
  const out: RawFinding[] = [];
  for (const s of sightings) {
    const at = `${s.file}:${s.line}`;
    const base = { file: s.file, line: s.line, column: s.column, excerpt: s.excerpt };
    const reserved = RESERVED.test(s.host.replace(/:\d+$/, ''));
    if (s.comment || reserved) {
      out.push({
        ...base,
        ruleId: 'reach.documentation-link',
        message: `${s.host} is named in ${s.comment ? 'a comment' : 'an example'} at ${at}.`,
      });
    } else if (isPanelFile(s.file)) {
      out.push({
        ...base,
        ruleId: 'reach.panel-remote',
        message: `The panel file ${s.file} references ${s.host} at ${at}; panels cannot reach the network.`,
      });
    } else if (!fetchHostAllowed(hosts, new URL(`https://${s.host}/`))) {
      out.push({
        ...base,
        ruleId: 'reach.undeclared-host',
        message: `${s.host} (at ${at}) is not among the network:fetch hosts${hosts.size ? ` (${[...hosts].join(', ')})` : ' (the plugin declares none)'}.`,
      });
    }
  }
  return out;
}
