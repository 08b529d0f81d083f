import { fetchHostAllowed } from '../permissions/hosts.js';
import { excerptOf, inComment, type CodeSyntax, type LineIndex } from './text.js';
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
  /\b(?:https?|wss?|ftp):\/\/([^\s/'"`<>()\\?#]+)|["'(]\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)|(["'`])((?:[a-z0-9-]+\.)+(?:com|net|org|io|dev|app|co|ai|xyz|ru|cn|info|me|cloud|site|online|top|tk))\3/gi;
/** Identifiers that look like URLs but are never fetched: XML namespaces and JSON Schema ids. */
const IDENTIFIER_HOSTS = new Set(['www.w3.org', 'json-schema.org']);
/** RFC 2606/6761 names that cannot be anyone's server. */
const RESERVED = /(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)$/;
/** Files that describe the package rather than run: npm metadata and lock files. */
const METADATA = /(?:^|\/)(?:plugin\.json|package\.json|package-lock\.json|npm-shrinkwrap\.json)$/;
/** Most sightings kept per file: enough for the reviewer, bounded for memory. */
const MAX_SIGHTINGS = 50;

function hostOf(raw: string): string | undefined {
  try {
    const url = new URL(`https://${raw.replace(/^[^@]*@/, '')}/`);
    return /^[a-z0-9.-]+(?::\d+)?$/.test(url.host) && url.hostname.includes('.') ? url.host : undefined;
  } catch {
    return undefined;
  }
}

/** The URLs and host names of one code file. */
export function collectSightings(text: string, file: string, syntax: CodeSyntax, index: LineIndex): Sighting[] {
  if (syntax === 'other' || METADATA.test(file)) return [];
  if (!text.includes('//') && !text.includes('.')) return [];
  const found: Sighting[] = [];
  for (const match of text.matchAll(URLS)) {
    const host = hostOf(match[1] ?? match[2] ?? match[4]!);
    if (!host || IDENTIFIER_HOSTS.has(host)) continue;
    const offset = match.index!;
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
    if (found.length >= MAX_SIGHTINGS) break;
  }
  return found;
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
