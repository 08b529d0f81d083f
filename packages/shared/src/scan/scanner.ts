import type { PluginManifest } from '../manifest/manifest.generated.js';
import { declaredFetchHosts } from '../permissions/hosts.js';
import {
  binaryKind,
  findMinified,
  hasSource,
  minifiedSighting,
  scanBlobs,
  scanDynamicCode,
  type MinifiedSighting,
} from './code.js';
import { findImpersonation } from './impersonation.js';
import { collectSightings, judgeSightings, type Sighting } from './reach.js';
import { SCAN_RULES_VERSION, scanRule } from './rules.js';
import { alphabetRuns, alphabetRunsInBytes } from './runs.js';
import { scanSecrets } from './secrets.js';
import { segments } from './segments.js';
import { syntaxOf } from './text.js';
import type { RawFinding, ScanFinding, ScanOptions, ScanOutcome, ScanResult, ScanSeverity } from './types.js';

/** Default bytes of one file the text rules read; the rest is reported as `obfuscation.unscanned`. */
export const SCAN_TEXT_BYTES = 8 * 1024 * 1024;
/** Findings kept in a result (the rest are counted): bounded for the upload document. */
export const MAX_FINDINGS = 200;
/** A NUL byte in this many leading bytes makes a file binary, as git decides. */
const BINARY_SNIFF = 8000;
/** Leading bytes where executables' magic numbers are looked for. */
const MAGIC_BYTES = 4096;

/** An executable, or a file with a NUL byte in its head: not text. */
const isBinary = (head: Uint8Array): boolean =>
  binaryKind(head.subarray(0, MAGIC_BYTES)) !== undefined || head.subarray(0, BINARY_SNIFF).includes(0);

/** Shortest base64 run that can hide a keyed secret once decoded. */
const MIN_BASE64_RUN = 40;
/** Characters at the end of a minified file where its `sourceMappingURL` comment is looked for. */
const MAP_COMMENT_TAIL = 2000;

/** Receives one file's bytes as the package reader produces them. */
export interface FileVisitor {
  write(chunk: Uint8Array): void;
  end(): void;
}

const RANK: Record<ScanSeverity, number> = { block: 0, quarantine: 1, low: 2 };

export function scanOutcome(findings: readonly Pick<ScanFinding, 'severity'>[]): ScanOutcome {
  if (findings.some((f) => f.severity === 'block')) return 'blocked';
  return findings.some((f) => f.severity === 'quarantine') ? 'quarantined' : 'passed';
}

function complete(raw: RawFinding): ScanFinding {
  const rule = scanRule(raw.ruleId);
  return { ...raw, kind: rule.kind, severity: rule.severity, fix: rule.fix };
}

const dirOf = (path: string): string => path.slice(0, path.lastIndexOf('/') + 1);

/**
 * Panel files: each panel entry, the HTML and CSS under an entry's directory, and the scripts
 * there too unless that directory is the package root or holds the plugin module.
 */
function panelFiles(manifest: PluginManifest | undefined): (file: string) => boolean {
  const entries = new Set<string>();
  const dirs = new Set<string>();
  for (const capability of manifest?.capabilities ?? []) {
    if (capability.type !== 'ui-panel') continue;
    entries.add(capability.entry);
    dirs.add(dirOf(capability.entry));
  }
  const main = manifest?.main ?? '';
  const scriptDirs = [...dirs].filter((dir) => dir !== '' && !main.startsWith(dir));
  return (file) => {
    if (entries.has(file)) return true;
    const syntax = syntaxOf(file);
    if (syntax === 'html' || syntax === 'css') return [...dirs].some((dir) => file.startsWith(dir));
    return syntax === 'js' && scriptDirs.some((dir) => file.startsWith(dir));
  };
}

/**
 * The scanner of one package. The package reader hands it each file's bytes in the same pass
 * that hashes and validates them (`file()`); `finish()` then applies the rules that need the
 * manifest or the whole file list (declared hosts, panels, source maps, look-alikes, blocklist).
 */
export class PackageScanner {
  private readonly raw: RawFinding[] = [];
  private readonly sightings: Sighting[] = [];
  private readonly minified: MinifiedSighting[] = [];
  private readonly maxText: number;
  private readonly blobEntropy = scanRule('obfuscation.blob').minEntropy!;
  /** The buffer files are read into, reused from one file to the next. */
  private scratch = new Uint8Array(0);
  /** Whether a file visitor has not ended yet (its buffer cannot be reused). */
  private open = false;

  constructor(private readonly options: ScanOptions = {}) {
    this.maxText = options.maxTextBytes ?? SCAN_TEXT_BYTES;
  }

  /** A visitor for one regular file of `size` bytes at canonical `path`. */
  file(path: string, size: number): FileVisitor {
    const length = Math.min(size, this.maxText);
    // Files are read one after the other: one buffer serves them all (a visitor opened while
    // another is still open gets its own).
    const shared = !this.open;
    if (shared && this.scratch.length < length) this.scratch = new Uint8Array(length);
    const buffer = shared ? this.scratch.subarray(0, length) : new Uint8Array(length);
    if (shared) this.open = true;
    let filled = 0;
    const sniff = Math.min(BINARY_SNIFF, length);
    // Set once the head shows a binary file: the text rules never read the rest of it.
    let binary = false;
    return {
      write: (chunk) => {
        if (binary || filled >= buffer.length) return;
        const take = Math.min(chunk.length, buffer.length - filled);
        buffer.set(take === chunk.length ? chunk : chunk.subarray(0, take), filled);
        const before = filled;
        filled += take;
        if (before < sniff && filled >= sniff) binary = isBinary(buffer.subarray(0, sniff));
      },
      end: () => {
        try {
          this.scanFile(path, size, buffer.subarray(0, filled));
        } finally {
          if (shared) this.open = false;
        }
      },
    };
  }

  private scanFile(path: string, size: number, bytes: Uint8Array): void {
    const binary = binaryKind(bytes.subarray(0, MAGIC_BYTES));
    if (binary) {
      this.raw.push({
        ruleId: 'obfuscation.binary',
        file: path,
        line: 0,
        excerpt: `${binary}, ${size} bytes`,
        message: `${path} is a ${binary}.`,
      });
      return;
    }
    if (isBinary(bytes)) return;
    const syntax = syntaxOf(path);
    const seen = new Set<string>();
    const sightings: Sighting[] = [];
    let whole: string | undefined;
    const wholeText = () => (whole ??= new TextDecoder('utf-8').decode(bytes));
    let minified: number | undefined;
    // One decoding of each segment of the file; every rule reads the segments in turn.
    for (const segment of segments(bytes)) {
      // One pass finds the base64/hex runs both the secret and the blob rules read.
      const runs = segment.ascii
        ? alphabetRunsInBytes(segment.ascii, MIN_BASE64_RUN)
        : alphabetRuns(segment.text, MIN_BASE64_RUN, segment.own);
      scanSecrets(segment, { file: path, out: this.raw, runs, seen, wholeText });
      collectSightings(segment, path, syntax, sightings);
      scanDynamicCode(segment, path, syntax, this.raw);
      scanBlobs(segment, path, syntax, this.raw, this.blobEntropy, runs);
      if (minified === undefined) {
        const offset = findMinified(segment, syntax);
        if (offset !== undefined) minified = segment.index.position(offset).line;
      }
    }
    this.sightings.push(...sightings);
    if (minified !== undefined) {
      const tail = new TextDecoder('utf-8').decode(bytes.subarray(Math.max(0, bytes.length - MAP_COMMENT_TAIL * 3)));
      this.minified.push(minifiedSighting(path, minified, tail.slice(-MAP_COMMENT_TAIL)));
    }
    if (size > bytes.length) {
      this.raw.push({
        ruleId: 'obfuscation.unscanned',
        file: path,
        line: 0,
        excerpt: `${size} bytes`,
        message: `Only the first ${bytes.length} bytes of ${path} (${size} bytes) were scanned.`,
      });
    }
  }

  /** Applies the package-wide rules and returns the result. */
  finish(input: {
    manifest?: PluginManifest;
    sha256?: string;
    files: ReadonlyArray<{ path: string; sha256: string }>;
  }): ScanResult {
    const { manifest } = input;
    const raw = [...this.raw];
    raw.push(...judgeSightings(this.sightings, declaredFetchHosts(manifest), panelFiles(manifest)));
    const paths = new Set(input.files.map((f) => f.path));
    for (const m of this.minified) {
      if (hasSource(m, paths)) continue;
      raw.push({
        ruleId: 'obfuscation.minified',
        file: m.file,
        line: m.line,
        excerpt: `line ${m.line} is minified`,
        message: `${m.file} is minified (line ${m.line}) and ships without a source map or its source.`,
      });
    }
    if (manifest) raw.push(...findImpersonation(manifest, this.options.others ?? []));
    const blockedPackages = new Set(this.options.blocked?.packages ?? []);
    const blockedFiles = new Set(this.options.blocked?.files ?? []);
    if (input.sha256 && blockedPackages.has(input.sha256)) {
      raw.push({
        ruleId: 'blocklist.package',
        file: '(package)',
        line: 0,
        excerpt: `sha256 ${input.sha256}`,
        message: 'This package was blocked by a marketplace administrator.',
      });
    }
    for (const file of input.files) {
      if (!blockedFiles.has(file.sha256)) continue;
      raw.push({
        ruleId: 'blocklist.file',
        file: file.path,
        line: 0,
        excerpt: `sha256 ${file.sha256}`,
        message: `${file.path} (sha256 ${file.sha256.slice(0, 12)}…) was blocked by a marketplace administrator.`,
      });
    }
    const findings = raw
      .map(complete)
      .sort(
        (a, b) => RANK[a.severity] - RANK[b.severity] || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line),
      );
    const counts = { block: 0, quarantine: 0, low: 0 };
    for (const f of findings) counts[f.severity] += 1;
    return {
      outcome: scanOutcome(findings),
      findings: findings.slice(0, MAX_FINDINGS),
      omitted: Math.max(0, findings.length - MAX_FINDINGS),
      counts,
      rulesVersion: SCAN_RULES_VERSION,
    };
  }
}
