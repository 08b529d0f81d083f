import {
  RUNTIME_LIMITS,
  converters,
  createOrg,
  install,
  paths,
  type Capability,
  type Permission,
} from '@mlebotics/shared';
import {
  APP_URL,
  admin,
  connectClient,
  createPublisher,
  createUser,
  launchBrowser,
  newPage,
  packPlugin,
  publishThroughUpload,
  resetEmulators,
  signInThroughUi,
  uniqueId,
  type TestUser,
} from '@mlebotics/testing';
import { Timestamp } from 'firebase-admin/firestore';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PERMISSIONS: Permission[] = [{ name: 'sensors:read', reason: 'Reads the line sensors' }];
const OBJECT = { type: 'object' };
const step = (id: string, title: string): Capability => ({
  type: 'automation-step',
  id,
  title,
  inputSchema: OBJECT,
  outputSchema: OBJECT,
  timeoutMs: 10_000,
});
const MAIN = `export default { steps: {
  async chatty(input, ctx) { for (let i = 0; i < 251; i++) ctx.log('line ' + i); return { lines: 251 }; },
  async broken(input, ctx) {
    ctx.log('about to call the weather API');
    return { response: await fetch('https://api.example.com/') };
  },
  async sense(input, ctx) { const r = await ctx.sensors.read('line-1-temp'); return { celsius: r.value }; },
} };
`;

let browser: Browser;
let owner: TestUser;
let orgId: string;
let pluginId: string;

beforeAll(async () => {
  await resetEmulators();
  browser = await launchBrowser();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  const publisherId = uniqueId('lineco');
  await createPublisher(publisherId, [dev.uid]);
  const developer = await connectClient(dev);
  pluginId = `${publisherId}.line-watch`;
  const upload = await publishThroughUpload(
    developer,
    publisherId,
    await packPlugin(
      pluginId,
      {
        name: 'Line Watch',
        capabilities: [step('chatty', 'Chatty'), step('broken', 'Broken'), step('sense', 'Sense')] as never,
        permissions: PERMISSIONS,
      },
      { 'index.js': MAIN },
    ),
  );
  if (upload.state !== 'published') throw new Error(JSON.stringify(upload.errors));
  await developer.close();
  owner = await createUser(`${uniqueId('owner')}@example.com`);
  const client = await connectClient(owner);
  orgId = uniqueId('line');
  await client.call(createOrg, { name: 'Line Nine', orgId });
  await client.call(install, { orgId, pluginId, grantedPermissions: PERMISSIONS });
  await client.close();
  await admin.db
    .doc(paths.sensor(orgId, 'line-1-temp'))
    .withConverter(converters.sensor)
    .set({ value: 21.5, unit: '°C', at: Timestamp.now() });
  await admin.db.collection(paths.actuatorCommands(orgId)).withConverter(converters.actuatorCommand).add({
    pluginId: 'acme.gripper',
    requestedBy: owner.uid,
    via: 'step',
    status: 'queued',
    at: Timestamp.now(),
    actuatorId: 'gripper-1',
    command: '{"open":true}',
  });
}, 300_000);

afterAll(() => browser?.close());

describe('devices, run history and logs in the console', () => {
  it('lists the organization’s sensors and actuators on its page', async () => {
    const { page, context } = await newPage(browser);
    await signInThroughUi(page, owner.email, owner.password);
    await page.goto(`${APP_URL}/org`);
    const sensor = page.getByTestId('sensor-line-1-temp');
    await expect(sensor.textContent()).resolves.toContain('21.5 °C');
    await expect(sensor.textContent()).resolves.toMatch(/s ago|min ago/);
    const actuator = page.getByTestId('actuator-gripper-1');
    await expect(actuator.textContent()).resolves.toContain('{"open":true}');
    await expect(actuator.textContent()).resolves.toContain('acme.gripper');
    await context.close();
  });

  it('shows a run’s log with the dropped-lines notice, a failed run’s log, and both in the history', async () => {
    // The failed run is an answer of the callable (409, aborted), which the browser logs.
    const { page, context } = await newPage(browser, { expectedConsoleErrors: [/status of 409 \(Conflict\)/] });
    await signInThroughUi(page, owner.email, owner.password);
    await page.goto(`${APP_URL}/org/capabilities`);

    const chatty = page.getByTestId(`capability-${pluginId}/chatty`);
    await chatty.getByRole('button', { name: 'Run' }).click();
    await chatty.getByRole('button', { name: 'Run step' }).click();
    await expect(chatty.getByTestId('step-output').textContent()).resolves.toContain('"lines": 251');
    const log = chatty.getByTestId('run-log');
    await expect(log.locator('summary').textContent()).resolves.toBe(`Log (${RUNTIME_LIMITS.logLines} of 251 lines)`);
    await expect(chatty.getByTestId('log-dropped').textContent()).resolves.toContain(
      `… ${251 - RUNTIME_LIMITS.logLines} more lines were dropped`,
    );

    const broken = page.getByTestId(`capability-${pluginId}/broken`);
    await broken.getByRole('button', { name: 'Run' }).click();
    await broken.getByRole('button', { name: 'Run step' }).click();
    const error = await broken.getByTestId('step-error').textContent();
    expect(error).toMatch(/'fetch' is not defined \(at index\.js:5:\d+\)/);
    expect(error).toContain('ctx.fetch');
    await expect(broken.getByTestId('step-failed-log').textContent()).resolves.toContain(
      'about to call the weather API',
    );

    const history = page.getByTestId(`run-history-${pluginId}`);
    const entries = history.locator('ol > li');
    await expect.poll(() => entries.count(), { timeout: 15_000 }).toBe(2);
    const failed = entries.nth(0);
    await expect(failed.locator('summary').first().textContent()).resolves.toContain('plugin-error');
    await failed.locator('summary').first().click();
    await expect(failed.textContent()).resolves.toContain('The plugin failed');
    await expect(failed.getByTestId('run-error-message').textContent()).resolves.toContain("'fetch' is not defined");
    await failed.getByTestId('run-log').locator('summary').click();
    await expect(failed.getByTestId('run-log').textContent()).resolves.toContain('about to call the weather API');
    const succeeded = entries.nth(1);
    await succeeded.locator('summary').first().click();
    await expect(succeeded.getByTestId('log-dropped').textContent()).resolves.toContain('51 more lines were dropped');
    await context.close();
  });
});
