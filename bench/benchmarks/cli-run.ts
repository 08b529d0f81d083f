// cli.run_ms: `mlebotics-plugin run` of the ThermoSense example step in a cold process (the
// bundled CLI as installed: dist/mlebotics-plugin.mjs with its sandbox worker and QuickJS),
// from spawning Node to its exit, beside the floor of the same bundle printing its version.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { distribution, type Benchmark } from '../lib.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI = path.join(REPO, 'packages/cli/dist/mlebotics-plugin.mjs');
const RUNS = 15;

function spawnMs(args: string[], cwd: string): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd, timeout: 60_000 }, (error, _out, err) => {
      if (error) reject(new Error(`node ${args.join(' ')} failed: ${err || error.message}`));
      else resolve(performance.now() - t0);
    });
  });
}

export const cliRun: Benchmark = {
  name: 'cli.run_ms',
  async run() {
    // The bundle as `npm pack` ships it (its prepack runs the same build).
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, [path.join(REPO, 'packages/cli/build.mjs')], (error, _out, err) =>
        error ? reject(new Error(`building the CLI failed: ${err}`)) : resolve(),
      ),
    );
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'mle-bench-cli-'));
    try {
      const fixtures = path.join(tmp, 'fixtures.json');
      await writeFile(fixtures, JSON.stringify({ sensors: { 'line-1-temp': { value: 70.7, unit: '°F' } } }));
      const args = [
        CLI,
        'run',
        path.join(REPO, 'examples/thermo-sense'),
        'read-temperature',
        '--input',
        '{"sensorId":"line-1-temp"}',
        '--fixtures',
        fixtures,
        '--storage',
        path.join(tmp, 'storage.json'),
      ];
      await spawnMs(args, tmp);
      const runs: number[] = [];
      const floor: number[] = [];
      const bare: number[] = [];
      for (let i = 0; i < RUNS; i += 1) {
        runs.push(await spawnMs(args, tmp));
        floor.push(await spawnMs([CLI, '--version'], tmp));
        bare.push(await spawnMs(['-e', '0'], tmp));
      }
      const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(0);
      return [
        distribution('cli.run_ms', 'ms', runs, {
          floorSamples: floor,
          goal: '< 300 ms p50',
          note: `cold \`node mlebotics-plugin.mjs run examples/thermo-sense read-temperature\` (pack, validate, sandbox worker, QuickJS, one sensors.read), spawn to exit; floor: the same bundle's --version cold; bare \`node -e 0\` p50 ${p50(bare)} ms`,
        }),
      ];
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  },
};
