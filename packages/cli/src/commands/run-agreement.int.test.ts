/**
 * `mlebotics-plugin run` against the platform: the same plugin directories published through
 * the upload pipeline, installed, and run with the runtime callable runPluginStep on the
 * emulators, must give the same output or the same host error code as the local run — for the
 * example plugins, a timeout, a refused permission, an invalid input and a thrown error.
 */
import { createOrg, install, paths, runPluginStep, type Permission } from '@mlebotics/shared';
import { packDirectory } from '@mlebotics/shared/node';
import {
  admin,
  connectClient,
  createPublisher,
  createUser,
  publishThroughUpload,
  resetEmulators,
  uniqueId,
  type Client,
} from '@mlebotics/testing';
import { Timestamp } from 'firebase-admin/firestore';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalStep, type LocalRunResult } from './run-step.js';
import { writeTestPlugin } from './test-plugin.js';

const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));
const READ_AT = '2026-12-01T10:00:00.000Z';
const LEAKY_WEBHOOK = 'https://evil.example.net/hook';

let tmp: string;
let developer: Client;
let owner: Client;
let publisherId: string;
let orgId: string;
let fixtures: string;
const dirs = new Map<string, string>();

/** Copies an example under this test's publisher (an id is its publisher's forever). */
async function copyExample(name: string): Promise<string> {
  const dir = path.join(tmp, name);
  await cp(path.join(EXAMPLES, name), dir, { recursive: true });
  const manifest = JSON.parse(await readFile(path.join(dir, 'plugin.json'), 'utf8')) as Record<string, string>;
  manifest.id = manifest.id!.replace(/^[^.]+/, publisherId);
  manifest.publisher = publisherId;
  await writeFile(path.join(dir, 'plugin.json'), JSON.stringify(manifest, null, 2));
  return manifest.id;
}

async function publishDir(id: string, dir: string): Promise<void> {
  const upload = await publishThroughUpload(developer, publisherId, await packDirectory(dir));
  if (upload.state !== 'published') throw new Error(`${id} was not published: ${JSON.stringify(upload.errors)}`);
  const manifest = JSON.parse(await readFile(path.join(dir, 'plugin.json'), 'utf8')) as { permissions: Permission[] };
  await owner.call(install, { orgId, pluginId: id, grantedPermissions: manifest.permissions });
  dirs.set(id, dir);
}

/** The platform's answer, as `{ output }` or `{ code }` (the host error code). */
async function onPlatform(pluginId: string, stepId: string, input: unknown) {
  try {
    const result = await owner.call(runPluginStep, { orgId, pluginId, stepId, input });
    return { output: result.output };
  } catch (error) {
    const details = (error as { details?: { hostCode?: string; reason?: string } }).details;
    return { code: details?.hostCode ?? `callable:${details?.reason ?? String(error)}` };
  }
}

async function locally(pluginId: string, stepId: string, input: unknown, grants?: string[]) {
  const result = await runLocalStep({
    dir: dirs.get(pluginId)!,
    stepId,
    input,
    fixturesFile: fixtures,
    storageFile: path.join(tmp, `${pluginId}.storage.json`),
    ...(grants ? { grants } : {}),
  });
  if ('invalid' in result) throw new Error(`${pluginId} is invalid locally: ${JSON.stringify(result.invalid)}`);
  return result;
}

const outcome = (result: LocalRunResult) => (result.ok ? { output: result.output } : { code: result.error!.code });

beforeAll(async () => {
  await resetEmulators();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'mle-run-agreement-'));
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  publisherId = uniqueId('agree');
  await createPublisher(publisherId, [dev.uid]);
  developer = await connectClient(dev);
  owner = await connectClient(await createUser(`${uniqueId('owner')}@example.com`));
  orgId = uniqueId('yard');
  await owner.call(createOrg, { name: 'Yard', orgId });
  // The same reading on the platform (the org's sensor document) and in the fixtures file.
  await admin.db
    .doc(paths.sensor(orgId, 'line-1-temp'))
    .set({ value: 70.7, unit: '°F', at: Timestamp.fromDate(new Date(READ_AT)) });
  fixtures = path.join(tmp, 'fixtures.json');
  await writeFile(
    fixtures,
    JSON.stringify({
      sensors: { 'line-1-temp': { value: 70.7, unit: '°F', at: READ_AT } },
      secrets: { SLACK_WEBHOOK_URL: LEAKY_WEBHOOK },
    }),
  );
  // A webhook on a host slack-notify did not declare: refused the same way on both sides.
  await admin.db
    .doc(paths.secret(orgId, 'SLACK_WEBHOOK_URL'))
    .set({ value: LEAKY_WEBHOOK, updatedAt: Timestamp.now() });
  for (const name of ['thermo-sense', 'unit-convert', 'weather-alerts', 'pick-and-place', 'slack-notify']) {
    const id = await copyExample(name);
    await publishDir(id, path.join(tmp, name));
  }
  const tools = path.join(tmp, 'dock-tools');
  const toolsId = await writeTestPlugin(tools, publisherId);
  await publishDir(toolsId, tools);
}, 300_000);

afterAll(async () => {
  await Promise.all([developer, owner].map((c) => c?.close()));
  await rm(tmp, { recursive: true, force: true });
});

describe('mlebotics-plugin run agrees with runPluginStep', { timeout: 60_000 }, () => {
  const cases: Array<[string, string, string, unknown, string[]?]> = [
    [
      'the ThermoSense step reading a sensor',
      'thermo-sense',
      'read-temperature',
      { sensorId: 'line-1-temp', offsetC: 0.5 },
    ],
    ['a sensor the organization does not have', 'thermo-sense', 'read-temperature', { sensorId: 'dock-9' }],
    ['the ThermoSense calibration', 'thermo-sense', 'calibrate', { rawC: 20, offsetC: 1, hoursSinceCalibration: 10 }],
    ['an invalid input', 'thermo-sense', 'calibrate', { rawC: 'hot' }],
    ['the unit conversion', 'unit-convert', 'convert', { value: 10, from: 'm', to: 'ft' }],
    ['a conversion between kinds of unit', 'unit-convert', 'convert', { value: 10, from: 'm', to: 'c' }],
    ['the weather step', 'weather-alerts', 'should-dock', { windKph: 50, rainMm: 0 }],
    [
      'the pick-and-place plan',
      'pick-and-place',
      'plan',
      { pick: [0, 0, 0.2], place: [1, 0.5, 0.2], clearanceM: 0.05 },
    ],
    ['a pick-and-place plan with a 2-D point', 'pick-and-place', 'plan', { pick: [0, 0], place: [1, 0.5, 0.2] }],
    ['slack-notify with a webhook on an undeclared host', 'slack-notify', 'post', { text: 'dock 4 closed' }],
    ['a timeout', 'dock-tools', 'spin', { text: 'x' }],
    ['a refused permission (a host the plugin did not declare)', 'dock-tools', 'leak', { text: 'x' }],
    ['a secret the organization has not set', 'dock-tools', 'token', { text: 'x' }],
    ['a thrown error', 'dock-tools', 'boom', { text: 'x' }],
    ['an invalid output', 'dock-tools', 'wrong', { text: 'x' }],
    ['storage', 'dock-tools', 'remember', { text: 'berth 4' }],
  ];
  it.each(cases)('%s', async (_what, plugin, stepId, input, grants) => {
    const pluginId = `${publisherId}.${plugin}`;
    const platform = await onPlatform(pluginId, stepId, input);
    const local = await locally(pluginId, stepId, input, grants);
    expect(outcome(local), JSON.stringify(local.error)).toEqual(platform);
  });
  it('the agreeing failures are the ones meant (not two identical breakages)', async () => {
    const code = async (plugin: string, stepId: string, input: unknown) =>
      outcome(await locally(`${publisherId}.${plugin}`, stepId, input));
    expect(await code('slack-notify', 'post', { text: 'x' })).toEqual({ code: 'permission-denied' });
    expect(await code('dock-tools', 'leak', { text: 'x' })).toEqual({ code: 'permission-denied' });
    expect(await code('dock-tools', 'spin', { text: 'x' })).toEqual({ code: 'timeout' });
    expect(await code('thermo-sense', 'calibrate', { rawC: 'hot' })).toEqual({ code: 'invalid-input' });
    expect(await code('dock-tools', 'wrong', { text: 'x' })).toEqual({ code: 'invalid-output' });
  });
});
