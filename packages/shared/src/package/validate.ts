import { PackageError, type ValidationIssue } from '../errors.js';
import { resolveLimits, type PackageLimits } from '../limits.js';
import type { PluginManifest } from '../manifest/manifest.generated.js';
import { MANIFEST_FILE, manifestTooLarge, parseManifestBytes, validateManifestValue } from '../manifest/validate.js';
import { PackageScanner } from '../scan/scanner.js';
import type { ScanOptions, ScanResult } from '../scan/types.js';
import { checkPackageCode, moduleAllowance } from './code-checks.js';
import { readPackage, type PackageContents, type ReaderPlatform } from './reader.js';

export interface PackageValidation {
  ok: boolean;
  /** Every problem found; archive problems stop reading, so there is at most one of those. */
  errors: ValidationIssue[];
  manifest?: PluginManifest;
  /** SHA-256 of the package bytes, when the archive could be read to the end. */
  sha256?: string;
  contents?: PackageContents;
  /**
   * The trust-and-safety scan, when asked for and the archive could be read. Separate from `ok`:
   * a valid package may still be blocked or quarantined by its scan outcome.
   */
  scan?: ScanResult;
}

/** Files worth keeping before the manifest says which README, icon, changelog and screenshots it uses. */
const LIKELY_DOC = /(?:^|\/)(?:readme[^/]*|changelog[^/]*|[^/]+\.(?:md|png|svg|jpe?g|webp))$/i;
/** Memory for README/icon candidates seen before plugin.json (pack puts plugin.json first). */
const EARLY_KEEP_BUDGET = 1024 * 1024;

/** The files the manifest names that the checks read, with how many bytes of each to keep. */
function keptFiles(manifest: Record<string, unknown> | null, limits: PackageLimits): Map<string, number> {
  const wanted = new Map<string, number>();
  if (!manifest) return wanted;
  const keep = (path: unknown, bytes: number) => {
    if (typeof path === 'string') wanted.set(path, Math.max(bytes, wanted.get(path) ?? 0));
  };
  keep(manifest.icon, limits.maxIconBytes);
  keep(manifest.readme, limits.maxReadmeBytes);
  keep(manifest.changelog, limits.maxChangelogBytes);
  if (Array.isArray(manifest.screenshots)) {
    for (const shot of manifest.screenshots.slice(0, 5)) {
      keep((shot as { path?: unknown } | null)?.path, limits.maxScreenshotBytes);
    }
  }
  return wanted;
}

function keeper(limits: PackageLimits): (path: string, kept: ReadonlyMap<string, Uint8Array>) => number | false {
  let manifest: Record<string, unknown> | null | undefined;
  let wanted = new Map<string, number>();
  let earlyBytes = 0;
  return (path, kept) => {
    if (path === MANIFEST_FILE) return limits.maxManifestBytes;
    const module = moduleAllowance(path, kept);
    if (module !== false) return module;
    const manifestBytes = kept.get(MANIFEST_FILE);
    if (manifestBytes && manifest === undefined) {
      const value = parseManifestBytes(manifestBytes, limits).value;
      manifest = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
      wanted = keptFiles(manifest, limits);
    }
    if (manifest !== undefined) return wanted.get(path) ?? false;
    if (!LIKELY_DOC.test(path) || earlyBytes >= EARLY_KEEP_BUDGET) return false;
    const largest = Math.max(
      limits.maxIconBytes,
      limits.maxReadmeBytes,
      limits.maxChangelogBytes,
      limits.maxScreenshotBytes,
    );
    const allowance = Math.min(largest, EARLY_KEEP_BUDGET - earlyBytes);
    earlyBytes += allowance;
    return allowance;
  };
}

/**
 * Validates a package exactly as the marketplace does on upload: the archive (every limit,
 * enforced while streaming) and then the manifest (schema and rules). Used by the Storage
 * trigger, the CLI and the browser pre-validation.
 */
export async function validatePackage(
  source: AsyncIterable<Uint8Array>,
  platform: ReaderPlatform,
  options: { compressedSize: number; limits?: Partial<PackageLimits>; scan?: ScanOptions },
): Promise<PackageValidation> {
  const limits = resolveLimits(options.limits);
  const scanner = options.scan ? new PackageScanner(options.scan) : undefined;
  let contents: PackageContents;
  try {
    contents = await readPackage(source, platform, {
      compressedSize: options.compressedSize,
      limits,
      keep: keeper(limits),
      visit: scanner && ((path, size) => scanner.file(path, size)),
    });
  } catch (error) {
    if (error instanceof PackageError) return { ok: false, errors: [error.toIssue()] };
    throw error;
  }
  const files = new Map(contents.files.map((f) => [f.path, f.size]));
  // Without a valid manifest the scan judges reach against no declared hosts and skips look-alikes.
  const scanOf = (manifest?: PluginManifest) =>
    scanner?.finish({ manifest, sha256: contents.sha256, files: contents.files });
  const fail = (errors: ValidationIssue[], manifest?: PluginManifest): PackageValidation => ({
    ok: false,
    errors,
    sha256: contents.sha256,
    contents,
    ...(scanner ? { scan: scanOf(manifest) } : {}),
  });
  const oversizedManifest = contents.oversized.get(MANIFEST_FILE);
  if (oversizedManifest !== undefined) {
    return fail([manifestTooLarge(oversizedManifest, limits)]);
  }
  const manifestBytes = contents.kept.get(MANIFEST_FILE);
  if (!manifestBytes) {
    return fail([
      {
        code: 'manifest-missing',
        message: `The package has no ${MANIFEST_FILE} at its root${contents.files.some((f) => f.path.endsWith(`/${MANIFEST_FILE}`)) ? ` (found one in a subdirectory: pack from inside the plugin directory)` : ''}.`,
        path: MANIFEST_FILE,
      },
    ]);
  }
  const parsed = parseManifestBytes(manifestBytes, limits);
  if (parsed.issues.length > 0) return fail(parsed.issues);
  const result = validateManifestValue(parsed.value, { files, contents: contents.kept, limits });
  if (!result.manifest) return fail(result.issues);
  const codeIssues = checkPackageCode(result.manifest, contents);
  if (codeIssues.length > 0) return fail(codeIssues, result.manifest);
  return {
    ok: true,
    errors: [],
    manifest: result.manifest,
    sha256: contents.sha256,
    contents,
    ...(scanner ? { scan: scanOf(result.manifest) } : {}),
  };
}
