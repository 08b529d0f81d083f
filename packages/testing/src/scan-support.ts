import type { PluginManifest, ScanOptions, ScanResult } from '@mlebotics/shared';
import { validatePackageBytes } from '@mlebotics/shared/node';
import { pluginFiles } from './plugins.js';
import { gzip, rawTar } from './tar-builder.js';

/** One package for the scanner and what it must (or must not) produce. */
export interface ScanCase {
  name: string;
  /** The publisher-side inputs the pipeline would give (look-alikes, blocklist). */
  options?: ScanOptions;
  build(): Uint8Array;
}

/** A hostile package: the rule it must trigger, where. */
export interface HostileScanCase extends ScanCase {
  ruleId: string;
  file: string;
  line: number;
}

/** The content of the blocklisted file of the corpus, and its sha256. */
export const BLOCKED_FILE = 'export const helper = () => 42;\n';
export const BLOCKED_FILE_SHA256 = 'c3c4c813009e34417d8803e9bd1e5e2686ee4a7f87d31eb14e807a36fba1a747';

const MAIN_HEAD = '// Weather plugin module.\n';
const MAIN_TAIL = '\nexport default { steps: { async echo(input) { return { text: input.text }; } } };\n';

/** Files with an `index.js` whose second line is `line`. */
export const mainWith = (line: string) => ({ 'index.js': `${MAIN_HEAD}${line}${MAIN_TAIL}` });

/** The plugin id every scan case uses. */
export const SCAN_PLUGIN_ID = 'acme.scanned';

/** `plugin.json` first, then the rest sorted, as `pack` writes them. */
export function packScanFiles(files: Record<string, string | Uint8Array>): Uint8Array {
  const names = Object.keys(files).sort((a, b) =>
    a === 'plugin.json' ? -1 : b === 'plugin.json' ? 1 : a < b ? -1 : 1,
  );
  return gzip(rawTar(names.map((name) => ({ name, data: files[name]! }))));
}

/** The valid plugin with manifest overrides and extra or replaced files. */
export function scanPackage(
  extra: Record<string, string | Uint8Array>,
  overrides: Partial<PluginManifest> = {},
  id = SCAN_PLUGIN_ID,
): Uint8Array {
  return packScanFiles(pluginFiles(id, overrides, extra));
}

/** A manifest that may reach `hosts`. */
export const fetching = (...hosts: string[]): Partial<PluginManifest> => ({
  permissions: [
    {
      name: 'network:fetch',
      reason: 'Reads forecasts from the weather service.',
      hosts: hosts as [string, ...string[]],
    },
  ],
});

/** A manifest with a panel at `entry`. */
export const withPanel = (
  entry: string,
  extraPermissions: PluginManifest['permissions'] = [],
): Partial<PluginManifest> => ({
  capabilities: [
    {
      type: 'automation-step',
      id: 'echo',
      title: 'Echo',
      inputSchema: { type: 'object' },
      outputSchema: { type: 'object' },
    },
    { type: 'ui-panel', id: 'panel', title: 'Panel', entry },
  ] as PluginManifest['capabilities'],
  permissions: [{ name: 'ui:panel', reason: 'Shows the readings in the console.' }, ...extraPermissions],
});

/**
 * Deterministic credential-shaped strings, assembled at run time so that no literal credential
 * sits in the repository (and no secret scanner on it trips over the fixtures).
 */
export function fakeChars(
  length: number,
  seed: number,
  alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
): string {
  let x = seed | 1;
  let out = '';
  while (out.length < length) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += alphabet[(x >>> 0) % alphabet.length];
  }
  return out;
}

const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Credential-shaped values of each kind the scanner knows by prefix. */
export const FAKE = {
  google: () => ['AI', 'za', fakeChars(35, 11)].join(''),
  aws: () => ['AK', 'IA', fakeChars(16, 12, UPPER_DIGITS)].join(''),
  awsSecret: () => fakeChars(40, 13, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+'),
  stripe: () => ['sk', '_live_', fakeChars(32, 14)].join(''),
  stripeTest: () => ['sk', '_test_', fakeChars(32, 15)].join(''),
  slack: () => ['xo', 'xb-', fakeChars(12, 16, '0123456789'), '-', fakeChars(24, 17)].join(''),
  webhook: () =>
    [
      'https://hooks.',
      'slack.com/services/T',
      fakeChars(8, 18, UPPER_DIGITS),
      '/B',
      fakeChars(8, 19, UPPER_DIGITS),
      '/',
      fakeChars(24, 20),
    ].join(''),
  github: () => ['gh', 'p_', fakeChars(36, 21)].join(''),
  pemBody: () =>
    Array.from({ length: 4 }, (_, i) =>
      fakeChars(64, 30 + i, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'),
    ).join('\n'),
};

/** A PEM private key block (RSA unless `label` says otherwise). */
export function fakePem(label = 'RSA PRIVATE KEY'): string {
  return `-----BEGIN ${label}-----\n${FAKE.pemBody()}\n-----END ${label}-----\n`;
}

/** Scans a package as the CLI and the pipeline do. */
export async function scanBytes(bytes: Uint8Array, options: ScanOptions = {}): Promise<ScanResult> {
  const result = await validatePackageBytes(bytes, undefined, options);
  if (!result.scan) throw new Error(`The package could not be read: ${JSON.stringify(result.errors)}`);
  return result.scan;
}

/**
 * The share of clean packages that the scanner blocks or quarantines (`scan.false_positive_rate`),
 * with the names of those it did so to.
 */
export async function scanFalsePositiveRate(corpus: readonly ScanCase[]): Promise<{ rate: number; flagged: string[] }> {
  const flagged: string[] = [];
  for (const clean of corpus) {
    const scan = await scanBytes(clean.build(), clean.options);
    if (scan.outcome !== 'passed')
      flagged.push(
        `${clean.name}: ${scan.findings
          .filter((f) => f.severity !== 'low')
          .map((f) => `${f.ruleId} ${f.file}:${f.line}`)
          .join(', ')}`,
      );
  }
  return { rate: corpus.length ? flagged.length / corpus.length : 0, flagged };
}
