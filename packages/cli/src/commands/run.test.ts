import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { writeTestPlugin } from './test-plugin.js';

const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));
// Loose on purpose: the tests read whichever member they check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
let tmp: string;
let plugin: string;

async function cli(...args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err, json: () => JSON.parse(out) as Json };
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'mle-run-'));
  plugin = path.join(tmp, 'dock-tools');
  await writeTestPlugin(plugin);
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('mlebotics-plugin run', { timeout: 60_000 }, () => {
  it('runs ThermoSense read-temperature against a fixtures sensor: output, log and the permission use', async () => {
    const fixtures = path.join(tmp, 'thermo.json');
    await writeFile(
      fixtures,
      JSON.stringify({ sensors: { 'line-1-temp': { value: 70.7, unit: '°F', at: '2026-12-01T10:00:00Z' } } }),
    );
    const dir = path.join(EXAMPLES, 'thermo-sense');
    const run = await cli(
      'run',
      dir,
      'read-temperature',
      '--input',
      '{"sensorId":"line-1-temp"}',
      '--fixtures',
      fixtures,
      '--json',
      '--storage',
      path.join(tmp, 'thermo-storage.json'),
    );
    expect(run.code, run.err).toBe(0);
    expect(run.json()).toMatchObject({
      ok: true,
      output: { sensorId: 'line-1-temp', temperatureC: 21.5, readAt: '2026-12-01T10:00:00Z' },
      logs: ['line-1-temp: 70.7 °F at 2026-12-01T10:00:00Z'],
      audit: [{ permission: 'sensors:read', operation: 'sensors.read', allowed: true }],
      granted: ['sensors:read'],
    });
  });

  it('a sensor missing from the fixtures fails as on the platform (plugin-error) and says where to add it', async () => {
    const run = await cli(
      'run',
      path.join(EXAMPLES, 'thermo-sense'),
      'read-temperature',
      '-i',
      '{"sensorId":"dock-9"}',
      '--storage',
      path.join(tmp, 's.json'),
    );
    expect(run.code).toBe(1);
    expect(run.err).toContain('plugin-error — The plugin failed');
    expect(run.err).toContain(
      'There is no sensor "dock-9" in this organization (locally: add it under "sensors" in a --fixtures file)',
    );
  });

  it('refuses fetch to a host the plugin did not declare: permission-denied, with the refusal in the permission uses', async () => {
    const run = await cli('run', plugin, 'leak', '-i', '{"text":"secret"}', '--json');
    expect(run.code).toBe(1);
    const result = run.json();
    expect(result.error).toMatchObject({
      code: 'permission-denied',
      title: 'The plugin tried something it has no permission for',
    });
    expect(result.error.message).toContain('evil.example.net is not a host this plugin may reach');
    expect(result.audit).toEqual([
      expect.objectContaining({ permission: 'network:fetch', operation: 'fetch', allowed: false }),
    ]);
  });

  it('--grant narrows the declared permissions: an ungranted bridge is refused', async () => {
    const run = await cli('run', plugin, 'remember', '-i', '{"text":"x"}', '--grant', 'secrets:read', '--json');
    expect(run.code).toBe(1);
    expect(run.json()).toMatchObject({ granted: ['secrets:read'], error: { code: 'plugin-error' } });
    const none = await cli('run', plugin, 'token', '-i', '{"text":"x"}', '--grant', 'none', '--json');
    expect(none.json()).toMatchObject({ granted: [] });
  });

  it('--grant of a permission the plugin does not declare is a usage error naming what it declares', async () => {
    const run = await cli('run', plugin, 'echo', '-i', '{"text":"x"}', '--grant', 'actuators:command');
    expect(run.code).toBe(2);
    expect(run.err).toContain(
      '--grant actuators:command: dockside.dock-tools does not declare that permission (it declares: storage:plugin, network:fetch, secrets:read)',
    );
  });

  it('an input that does not match the step schema is invalid-input; a non-JSON --input is a usage error', async () => {
    const run = await cli('run', plugin, 'echo', '-i', '{"text":4}');
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/invalid-input — The step input does not match/);
    expect(run.err).toContain('The input of step "echo" does not match its schema');
    const bad = await cli('run', plugin, 'echo', '-i', '{text}');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--input is not JSON');
  });

  it('a step over its time budget ends with timeout; an unknown step is not-found', async () => {
    const spin = await cli('run', plugin, 'spin', '-i', '{"text":"x"}', '--json');
    expect(spin.code).toBe(1);
    expect(spin.json().error.code).toBe('timeout');
    const missing = await cli('run', plugin, 'nope', '--json');
    expect(missing.json().error).toMatchObject({ code: 'not-found' });
    expect(missing.json().error.message).toContain('its steps: echo, remember');
  });

  it('prints the file:line of a thrown error and an invalid output as invalid-output', async () => {
    const boom = await cli('run', plugin, 'boom', '-i', '{"text":"x"}', '--json');
    expect(boom.json().error).toMatchObject({ code: 'plugin-error', location: 'index.js:13:22' });
    const wrong = await cli('run', plugin, 'wrong', '-i', '{"text":"x"}');
    expect(wrong.err).toContain('invalid-output');
  });

  it('keeps storage in a JSON file across runs, and reads secrets from the fixtures', async () => {
    const storage = path.join(tmp, 'nested', 'storage.json');
    const first = await cli('run', plugin, 'remember', '-i', '{"text":"berth 4"}', '--storage', storage, '--json');
    expect(first.json().output).toEqual({ text: '(nothing)' });
    const second = await cli('run', plugin, 'remember', '-i', '{"text":"berth 5"}', '--storage', storage, '--json');
    expect(second.json().output).toEqual({ text: 'berth 4' });
    expect(JSON.parse(await readFile(storage, 'utf8'))).toEqual({ note: 'berth 5' });
    const fixtures = path.join(tmp, 'secrets.json');
    await writeFile(fixtures, JSON.stringify({ secrets: { DOCK_TOKEN: 'abcdef' } }));
    const token = await cli('run', plugin, 'token', '-i', '{"text":"x"}', '--fixtures', fixtures, '--json');
    expect(token.json()).toMatchObject({
      output: { text: 'token of 6' },
      audit: [{ operation: 'secrets.read', allowed: true }],
    });
  });

  it('refuses storage reached through a symbolic link a repository planted (it would hand the plugin files outside it)', async () => {
    const outside = path.join(tmp, 'home-config');
    await mkdir(outside, { recursive: true });
    const secrets = path.join(outside, 'credentials.json');
    await writeFile(secrets, JSON.stringify({ note: 'refresh-token-1//secret' }));
    // .mlebotics itself a link to a folder outside the plugin...
    const linkedFolder = path.join(tmp, 'linked-folder');
    await writeTestPlugin(linkedFolder);
    await symlink(outside, path.join(linkedFolder, '.mlebotics'));
    await writeFile(path.join(outside, 'storage.json'), JSON.stringify({ note: 'from outside' }));
    // ...or storage.json a link to a credentials file.
    const linkedFile = path.join(tmp, 'linked-file');
    await writeTestPlugin(linkedFile);
    await mkdir(path.join(linkedFile, '.mlebotics'));
    await symlink(secrets, path.join(linkedFile, '.mlebotics', 'storage.json'));
    for (const dir of [linkedFolder, linkedFile]) {
      const run = await cli('run', dir, 'remember', '-i', '{"text":"overwrite"}', '--json');
      expect(run.code).not.toBe(0);
      expect(run.out + run.err).toContain('is a symbolic link');
      expect(run.out + run.err).not.toContain('refresh-token');
      expect(run.out + run.err).not.toContain('from outside');
    }
    expect(JSON.parse(await readFile(secrets, 'utf8'))).toEqual({ note: 'refresh-token-1//secret' });
    expect(JSON.parse(await readFile(path.join(outside, 'storage.json'), 'utf8'))).toEqual({ note: 'from outside' });
  });

  it('rejects a fixtures file that does not match its format, naming the file and the member', async () => {
    const fixtures = path.join(tmp, 'bad.json');
    await writeFile(fixtures, JSON.stringify({ sensors: { 'bad id!': { value: 1 } }, sensor: {} }));
    const run = await cli('run', plugin, 'echo', '-i', '{"text":"x"}', '--fixtures', fixtures);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`The fixtures file ${fixtures} does not match its format`);
    expect(run.err).toContain('sensors.bad id!');
    expect(run.err).toMatch(/\(top level\): Unrecognized key/);
  });

  it('reports an invalid package with the validation problems instead of running it', async () => {
    const broken = path.join(tmp, 'broken');
    await writeTestPlugin(broken);
    await writeFile(path.join(broken, 'index.js'), 'export default {');
    const run = await cli('run', broken, 'echo', '-i', '{"text":"x"}');
    expect(run.code).toBe(1);
    expect(run.err).toContain(`${broken} is not a valid plugin package`);
  });
});
