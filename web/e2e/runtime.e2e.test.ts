import { createOrg, install, type Capability, type Permission } from '@mlebotics/shared';
import {
  APP_URL,
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
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PERMISSIONS: Permission[] = [
  { name: 'storage:plugin', reason: 'Keeps the shift note' },
  { name: 'ui:panel', reason: 'Shows the shift board' },
];
const text = { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] };
const CAPABILITIES: Capability[] = [
  { type: 'automation-step', id: 'shout', title: 'Shout', inputSchema: text, outputSchema: text },
  { type: 'automation-step', id: 'stall', title: 'Stall', inputSchema: text, outputSchema: text, timeoutMs: 200 },
  { type: 'ui-panel', id: 'board', title: 'Shift board', entry: 'panel.html', height: 180 },
];
const MAIN = `export default { steps: {
  async shout(input) { return { text: input.text.toUpperCase() + '!' }; },
  async stall() { for (;;) {} },
} };
`;
// The panel saves a note through the console bridge and reads it back; it also tries a method
// its plugin was not granted, and reports both outcomes in the page.
const PANEL = `<!doctype html><meta charset="utf-8"><p id="out">starting</p><script>
let next = 1; const pending = new Map();
function call(method, params) {
  const id = next++;
  parent.postMessage({ mlebotics: 1, id, method, params }, '*');
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}
addEventListener('message', (e) => {
  const r = e.data; if (!r || r.mlebotics !== 1 || !pending.has(r.id)) return;
  const p = pending.get(r.id); pending.delete(r.id); r.error ? p.reject(new Error(r.error)) : p.resolve(r.result);
});
(async () => {
  let cookies = 'none';
  try { cookies = String(document.cookie); } catch (e) { cookies = 'blocked'; }
  await call('storage.set', { key: 'note', value: 'forklift 3 charging' });
  const note = await call('storage.get', { key: 'note' });
  const denied = await call('notifications.send', { body: 'hi' }).then(() => 'allowed', (e) => e.message);
  document.getElementById('out').textContent = note + ' | ' + denied + ' | cookies ' + cookies;
})();
</script>
`;

let browser: Browser;
let owner: TestUser;
let pluginId: string;

beforeAll(async () => {
  await resetEmulators();
  browser = await launchBrowser();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  const publisherId = uniqueId('shiftco');
  await createPublisher(publisherId, [dev.uid]);
  const developer = await connectClient(dev);
  pluginId = `${publisherId}.shift-tools`;
  const upload = await publishThroughUpload(
    developer,
    publisherId,
    await packPlugin(
      pluginId,
      { name: 'Shift Tools', capabilities: CAPABILITIES as never, permissions: PERMISSIONS },
      { 'index.js': MAIN, 'panel.html': PANEL },
    ),
  );
  if (upload.state !== 'published') throw new Error(JSON.stringify(upload.errors));
  await developer.close();
  owner = await createUser(`${uniqueId('owner')}@example.com`);
  const client = await connectClient(owner);
  const orgId = uniqueId('plant');
  await client.call(createOrg, { name: 'Plant Nine', orgId });
  await client.call(install, { orgId, pluginId, grantedPermissions: PERMISSIONS });
  await client.close();
}, 300_000);

afterAll(() => browser?.close());

describe('running installed plugins from the console', () => {
  it('runs an automation step with an input and shows its output, then a failing one with its error', async () => {
    // The refused input (400, invalid-argument) and the timeout (504, deadline-exceeded) are
    // answers of the callable, which the browser logs as failed loads.
    const { page, context } = await newPage(browser, {
      expectedConsoleErrors: [/status of 400 \(Bad Request\)/, /status of 504 \(Gateway Timeout\)/],
    });
    await signInThroughUi(page, owner.email, owner.password);
    await page.goto(`${APP_URL}/org/capabilities`);
    const shout = page.getByTestId(`capability-${pluginId}/shout`);
    await shout.getByRole('button', { name: 'Run' }).click();
    await shout.getByLabel('Input (JSON)').fill('{"text": "all clear"}');
    await shout.getByRole('button', { name: 'Run step' }).click();
    await expect(shout.getByTestId('step-output').textContent()).resolves.toContain('"ALL CLEAR!"');

    await shout.getByLabel('Input (JSON)').fill('{"text": 1}');
    await shout.getByRole('button', { name: 'Run step' }).click();
    await expect(shout.getByTestId('step-error').textContent()).resolves.toContain('input');

    const stall = page.getByTestId(`capability-${pluginId}/stall`);
    await stall.getByRole('button', { name: 'Run' }).click();
    await stall.getByLabel('Input (JSON)').fill('{"text": "x"}');
    await stall.getByRole('button', { name: 'Run step' }).click();
    await expect(stall.getByTestId('step-error').textContent()).resolves.toContain('did not finish within 200 ms');
    await context.close();
  });

  it('shows a UI panel in a sandboxed frame from another site, bridged with the org’s grants', async () => {
    const { page, context } = await newPage(browser);
    await signInThroughUi(page, owner.email, owner.password);
    await page.goto(`${APP_URL}/org/capabilities`);
    const board = page.getByTestId(`capability-${pluginId}/board`);
    await board.getByRole('button', { name: 'Open panel' }).click();
    const frame = board.locator('iframe');
    await expect(frame.getAttribute('sandbox')).resolves.toBe('allow-scripts');
    const src = new URL((await frame.getAttribute('src'))!);
    expect(src.hostname).toBe('127.0.0.1');
    expect(src.hostname).not.toBe(new URL(APP_URL).hostname);
    const out = page.frameLocator(`[data-testid="panel-${pluginId}-board"]`).locator('#out');
    await out.filter({ hasText: 'forklift' }).waitFor({ timeout: 20_000 });
    const textContent = await out.textContent();
    expect(textContent).toContain('forklift 3 charging');
    expect(textContent).toContain('notifications.send is not allowed');
    // An opaque-origin frame has no cookies to read.
    expect(textContent).toContain('cookies blocked');
    await context.close();
  });
});
