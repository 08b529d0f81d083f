/**
 * Package limits, in one place. The server, the CLI and the browser pre-validation read these
 * defaults; tests and benchmarks may pass overrides.
 */
export interface PackageLimits {
  /** Largest accepted `.tgz`, in bytes. */
  maxCompressedBytes: number;
  /** Largest total of the archive after gunzip (tar headers included), in bytes. */
  maxUncompressedBytes: number;
  /** Most tar entries (files and directories). */
  maxEntries: number;
  /** Highest accepted uncompressed / compressed size ratio. */
  maxCompressionRatio: number;
  /** Longest entry path, in UTF-8 bytes. */
  maxPathBytes: number;
  /** Largest `plugin.json`, in bytes. */
  maxManifestBytes: number;
  /** Deepest nesting of arrays and objects in `plugin.json`. */
  maxManifestDepth: number;
  /** Largest README file, in bytes. */
  maxReadmeBytes: number;
  /** Largest icon file, in bytes. */
  maxIconBytes: number;
  /** Largest screenshot, in bytes (at most 5 per package). */
  maxScreenshotBytes: number;
  /** Largest changelog file, in bytes. */
  maxChangelogBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<PackageLimits> = Object.freeze({
  maxCompressedBytes: 25 * MiB,
  maxUncompressedBytes: 100 * MiB,
  maxEntries: 2000,
  maxCompressionRatio: 100,
  maxPathBytes: 200,
  maxManifestBytes: 64 * 1024,
  maxManifestDepth: 32,
  maxReadmeBytes: 256 * 1024,
  maxIconBytes: 32 * 1024,
  maxScreenshotBytes: 1 * MiB,
  maxChangelogBytes: 256 * 1024,
});

export function resolveLimits(overrides?: Partial<PackageLimits>): PackageLimits {
  return { ...DEFAULT_LIMITS, ...overrides };
}

/**
 * Formats a byte count for messages ("25 MiB", "300 KiB", "1.5 KiB", "17 bytes"): whole units
 * exactly, others to one decimal, so a limit is never stated rounded to a different whole unit.
 */
export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= 1024) return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/**
 * Length of `text` in UTF-8 bytes, without encoding it (sizes limits are stated in). A lone
 * surrogate counts 3 bytes, as its U+FFFD replacement does.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i += 1;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Size limits of a step's input and of values crossing the panel bridge, in UTF-8 bytes of their
 * JSON; and the most `ctx.log` lines a run keeps (the sandbox's default, the functions' and the
 * console's figure: later lines are counted and reported as dropped).
 * (Here rather than beside the runtime API's zod schemas so the sandbox worker's bundle does not
 * carry zod.)
 */
export const RUNTIME_LIMITS = { inputBytes: 64 * 1024, bridgeValueBytes: 64 * 1024, logLines: 200 } as const;
