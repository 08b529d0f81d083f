import { describe, expect, it } from 'vitest';
import { packFiles, validatePackageBytes } from '../node/index.js';
import { manifestFor } from '../testing/manifest.js';
import { scanOutcome } from './scanner.js';
import { isPlaceholder, redact, shannonEntropy } from './text.js';

const manifest = JSON.stringify(manifestFor('acme.scan'));
const base = {
  'plugin.json': manifest,
  'index.js': 'export default {};\n',
  'README.md': '# x\n',
  'icon.svg': '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"/>',
};
// Assembled so that no credential-shaped literal sits in the source.
const AWS_KEY = ['AK', 'IA', 'Z7QW3ERT5YUI8OPL'].join('');

describe('the scan inside validatePackage', () => {
  it('runs only when asked, and leaves ok alone', async () => {
    const bytes = await packFiles({
      ...base,
      'index.js': `const k = '${AWS_KEY}';\nexport default { steps: { echo: (input) => input } };\n`,
    });
    const plain = await validatePackageBytes(bytes);
    expect(plain.scan).toBeUndefined();
    const scanned = await validatePackageBytes(bytes, undefined, {});
    expect(scanned.ok).toBe(true);
    expect(scanned.scan).toMatchObject({ outcome: 'blocked', counts: { block: 1 } });
    expect(scanned.scan!.findings[0]).toMatchObject({
      ruleId: 'secret.aws-access-key',
      file: 'index.js',
      line: 1,
      column: 12,
    });
    expect(scanned.scan!.findings[0]!.excerpt).not.toContain(AWS_KEY);
  });

  it('still scans a package whose manifest is invalid, against no declared hosts', async () => {
    const bytes = await packFiles({
      ...base,
      'plugin.json': '{}',
      'index.js': "fetch('https://api.weather.com/x');\n",
    });
    const result = await validatePackageBytes(bytes, undefined, {});
    expect(result.ok).toBe(false);
    expect(result.scan?.findings.map((f) => f.ruleId)).toEqual(['reach.undeclared-host']);
  });

  it('says when a text file was longer than it reads, and reads past nothing', async () => {
    const tail = `\n${'x'.repeat(100)}\nconst k = '${AWS_KEY}';\n`;
    const bytes = await packFiles({ ...base, 'big.js': `${'// filler\n'.repeat(20)}${tail}` });
    const scan = (await validatePackageBytes(bytes, undefined, { maxTextBytes: 100 })).scan!;
    expect(scan.findings.filter((f) => f.file === 'big.js').map((f) => f.ruleId)).toEqual(['obfuscation.unscanned']);
    expect(scan.outcome).toBe('quarantined');
  });

  it('blocks a blocklisted package by its sha256', async () => {
    const bytes = await packFiles(base);
    const { sha256 } = await validatePackageBytes(bytes);
    const scan = (await validatePackageBytes(bytes, undefined, { blocked: { packages: [sha256!] } })).scan!;
    expect(scan.findings).toEqual([expect.objectContaining({ ruleId: 'blocklist.package', file: '(package)' })]);
  });

  it('keeps at most 200 findings and counts the rest', async () => {
    // At most 50 URLs are kept per file: five files of 50.
    const files = Object.fromEntries(
      Array.from({ length: 5 }, (_, f) => [
        `lib/f${f}.js`,
        Array.from({ length: 50 }, (_, i) => `fetch('https://h${i}.evil${f}.com/');`).join('\n'),
      ]),
    );
    const scan = (await validatePackageBytes(await packFiles({ ...base, ...files }), undefined, {})).scan!;
    expect(scan.findings).toHaveLength(200);
    expect(scan.omitted).toBe(50);
    expect(scan.counts.quarantine).toBe(250);
  });
});

describe('scan helpers', () => {
  it('decides the outcome from the most severe finding', () => {
    expect(scanOutcome([])).toBe('passed');
    expect(scanOutcome([{ severity: 'low' }])).toBe('passed');
    expect(scanOutcome([{ severity: 'low' }, { severity: 'quarantine' }])).toBe('quarantined');
    expect(scanOutcome([{ severity: 'quarantine' }, { severity: 'block' }])).toBe('blocked');
  });

  it('redacts all but a few leading characters', () => {
    expect(redact(AWS_KEY)).toBe('AKIAZ7************');
    expect(redact('short')).toBe('sh****');
  });

  it('measures entropy and recognises placeholders, UUIDs and digests', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
    expect(isPlaceholder('AKIAIOSFODNN7EXAMPLE')).toBe(true);
    expect(isPlaceholder('3f2504e0-4f89-11d3-9a0c-0305e82c3301')).toBe(true);
    expect(isPlaceholder('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toBe(true);
    expect(isPlaceholder(AWS_KEY)).toBe(false);
  });
});
