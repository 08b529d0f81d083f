import { validatePackageBytes } from '@mlebotics/shared/node';
import { cleanScanCorpus, exampleScanCases, scanFalsePositiveRate } from '@mlebotics/testing';
import { fileURLToPath } from 'node:url';
import { distribution, percentile, timeMs, type Benchmark } from '../lib.js';
import { realisticPackage } from './validate.js';

/**
 * `scan.20mib`: validation with the upload scan against validation alone, of the same 20 MiB
 * package in the same run, alternating so both see the same machine state.
 */
export const scan20MiB: Benchmark = {
  name: 'scan.20mib',
  async run() {
    const bytes = await realisticPackage(20 * 1024 * 1024, 'bench.scan');
    for (let i = 0; i < 3; i++) {
      const check = await validatePackageBytes(bytes, undefined, {});
      if (!check.ok) throw new Error(`the benchmark package is not valid: ${JSON.stringify(check.errors)}`);
      if (check.scan?.outcome !== 'passed')
        throw new Error(`the benchmark package does not pass its scan: ${JSON.stringify(check.scan)}`);
      await validatePackageBytes(bytes);
    }
    const scanned: number[] = [];
    const alone: number[] = [];
    for (let i = 0; i < 8; i++) {
      alone.push(await timeMs(() => validatePackageBytes(bytes)));
      scanned.push(await timeMs(() => validatePackageBytes(bytes, undefined, {})));
    }
    return [
      distribution('scan.20mib', 'ms', scanned, {
        floorSamples: alone,
        goal: 'ratio <= 1.3',
        note: `validation with the upload scan of a ${(bytes.length / 1048576).toFixed(2)} MiB package (bundled code, README, binary assets); floor: validation alone of the same package in the same run; floor p95 ${percentile(alone, 95).toFixed(0)} ms; the scan adds ${(percentile(scanned, 50) - percentile(alone, 50)).toFixed(0)} ms at p50. Each rule runs only around its triggers (credential prefixes, quoted long values, long base64 runs, // and quoted host names, eval and Function), so code dense in triggers costs more`,
      }),
    ];
  },
};

/** `scan.false_positive_rate`: clean packages the scanner blocks or quarantines. */
export const scanFalsePositives: Benchmark = {
  name: 'scan.false_positive_rate',
  async run() {
    const examples = await exampleScanCases(fileURLToPath(new URL('../../examples', import.meta.url)));
    const corpus = [...cleanScanCorpus(), ...examples];
    const { rate, flagged } = await scanFalsePositiveRate(corpus);
    return [
      {
        name: 'scan.false_positive_rate',
        unit: 'ratio',
        value: rate,
        n: corpus.length,
        goal: '0',
        note: `clean packages blocked or quarantined, of ${corpus.length} (test fixtures with EXAMPLE keys, declared hosts, UUIDs, lock-file digests, schemas, README links, short dense code…, and the ${examples.length} example plugins)${flagged.length ? `; flagged: ${flagged.join('; ')}` : ''}`,
      },
    ];
  },
};
