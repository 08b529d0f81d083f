// Trust and safety in the console: an upload the scan quarantines is held and explained to its
// publisher; an administrator approves or rejects it from the review queue; the kill switch stops
// an installed plugin and the organization sees why, until it is restored.
import { createOrg, install, runPluginStep, type Capability } from '@mlebotics/shared';
import {
  APP_URL,
  connectClient,
  createPublisher,
  createUser,
  confirmWithReason,
  launchBrowser,
  packPlugin,
  publishThroughUpload,
  resetEmulators,
  signedInPage,
  uniqueId,
  type Client,
  type TestUser,
} from '@mlebotics/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const text = { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] };
const ECHO: Capability = {
  type: 'automation-step',
  id: 'echo',
  title: 'Echo',
  inputSchema: text,
  outputSchema: text,
  timeoutMs: 10_000,
};
/** Reaches a host its manifest does not declare: the scan holds it for review. */
const SNEAKY = `const BEACON = 'https://telemetry.exfil-example.net/collect';
export default { steps: { async echo(input) { return { text: input.text + BEACON.length }; } } };
`;

let browser: Browser;
let dev: TestUser;
let moderator: TestUser;
let ownerUser: TestUser;
let developer: Client;
let owner: Client;
let publisherId: string;
let orgId: string;
const held = { approve: '', reject: '' };
let installed: string;

async function upload(pluginId: string, main?: string) {
  const result = await publishThroughUpload(
    developer,
    publisherId,
    await packPlugin(pluginId, { capabilities: [ECHO] as never }, main ? { 'index.js': main } : {}),
  );
  return result;
}

beforeAll(async () => {
  await resetEmulators();
  browser = await launchBrowser();
  dev = await createUser(`${uniqueId('dev')}@example.com`);
  publisherId = uniqueId('harbor');
  await createPublisher(publisherId, [dev.uid]);
  developer = await connectClient(dev);
  held.approve = `${publisherId}.tide-beacon`;
  held.reject = `${publisherId}.tide-tracker`;
  installed = `${publisherId}.crane-log`;
  for (const id of [held.approve, held.reject]) {
    const result = await upload(id, SNEAKY);
    if (result.state !== 'in-review') throw new Error(`${id} was not held: ${JSON.stringify(result)}`);
  }
  const clean = await upload(installed);
  if (clean.state !== 'published') throw new Error(JSON.stringify(clean.errors));
  ownerUser = await createUser(`${uniqueId('owner')}@example.com`);
  owner = await connectClient(ownerUser);
  orgId = uniqueId('quay');
  await owner.call(createOrg, { name: 'Quay Ops', orgId });
  await owner.call(install, { orgId, pluginId: installed, grantedPermissions: [] });
  moderator = await createUser(`${uniqueId('mod')}@example.com`, { admin: true });
}, 300_000);

afterAll(async () => {
  await Promise.all([developer, owner].map((c) => c?.close()));
  await browser?.close();
});

const signedIn = (user: TestUser) => signedInPage(browser, user);

describe('trust and safety in the console', () => {
  it('shows the publisher why a version is held, with the finding', async () => {
    const page = await signedIn(dev);
    await page.goto(`${APP_URL}/my-plugins`);
    const report = page.getByTestId(`scan-report-${held.approve}@1.0.0`);
    await report.getByText('Under review', { exact: true }).waitFor();
    await expect(report.textContent()).resolves.toMatch(/index\.js:1.*telemetry\.exfil-example\.net/s);
    await page.context().close();
  });

  it('approves from the review queue: time in queue shown, listed at once', async () => {
    const page = await signedIn(moderator);
    await page.goto(`${APP_URL}/admin/queue`);
    const item = page.getByTestId(`queued-${held.approve}@1.0.0`);
    await item.getByTestId('time-in-queue').waitFor();
    await expect(item.textContent()).resolves.toContain('telemetry.exfil-example.net');
    await expect(page.getByTestId(`queued-${held.reject}@1.0.0`).count()).resolves.toBe(1);
    await confirmWithReason(
      page,
      item.getByRole('button', { name: 'Approve 1.0.0' }),
      /^Approve /,
      'The host is the vendor’s own telemetry, documented in the README',
      'Approve and list',
    );
    await page
      .getByRole('status')
      .filter({ hasText: `${held.approve}@1.0.0 approved.` })
      .waitFor();
    await item.waitFor({ state: 'detached' });
    await page.goto(`${APP_URL}/plugins/${held.approve}`);
    // The page's own heading (the package's README may open with the same h1).
    await page.locator('header').getByRole('heading', { level: 1, name: 'Plugin tide-beacon' }).waitFor();
    await page.context().close();
  });

  it('rejects from the review queue, and the publisher sees the reason', async () => {
    const page = await signedIn(moderator);
    await page.goto(`${APP_URL}/admin/queue`);
    const item = page.getByTestId(`queued-${held.reject}@1.0.0`);
    await confirmWithReason(
      page,
      item.getByRole('button', { name: 'Reject 1.0.0' }),
      /^Reject /,
      'Beacons every reading to an undeclared host',
      'Reject version',
    );
    await page.getByRole('heading', { name: 'Nothing to review' }).waitFor();
    await page.context().close();
    const publisher = await signedIn(dev);
    await publisher.goto(`${APP_URL}/my-plugins`);
    const report = publisher.getByTestId(`scan-report-${held.reject}@1.0.0`);
    await report.getByText('Rejected in review', { exact: true }).waitFor();
    await report.getByText(/Beacons every reading to an undeclared host/).waitFor();
    await publisher.context().close();
  });

  it('the kill switch stops an installed plugin, the organization sees why, and it is reversible', async () => {
    const run = () => owner.call(runPluginStep, { orgId, pluginId: installed, stepId: 'echo', input: { text: 'a' } });
    await expect(run()).resolves.toMatchObject({ output: { text: 'a' } });
    const page = await signedIn(moderator);
    await page.goto(`${APP_URL}/admin/plugins`);
    await page.getByLabel('Plugin id').fill(installed);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const panel = page.getByTestId(`kill-switch-${installed}`);
    await panel.getByText('Active', { exact: true }).waitFor();
    await confirmWithReason(
      page,
      'Revoke the whole plugin',
      /^Revoke /,
      'Writes crane logs to a public bucket',
      'Revoke',
    );
    await panel.getByText('Revoked', { exact: true }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /1 organization has it installed/ })
      .waitFor();
    await expect(run()).rejects.toMatchObject({ details: { reason: 'plugin-revoked' } });

    const org = await signedIn(ownerUser);
    await org.goto(`${APP_URL}/org`);
    const banner = org.getByTestId('revoked-banner');
    await banner.getByText(/Writes crane logs to a public bucket/).waitFor();
    await org.getByTestId(`installed-${installed}`).getByText('revoked', { exact: true }).waitFor();
    await org.goto(`${APP_URL}/plugins/${installed}`);
    await org
      .getByTestId('revoked-note')
      .getByText(/Writes crane logs to a public bucket/)
      .waitFor();
    await org.goto(`${APP_URL}/org`);

    await confirmWithReason(page, 'Restore the plugin', /^Restore /, 'The publisher fixed the bucket', 'Restore');
    await panel.getByText('Active', { exact: true }).waitFor();
    await expect(run()).resolves.toMatchObject({ output: { text: 'a' } });
    await org.reload();
    await org.getByTestId(`installed-${installed}`).waitFor();
    await expect(org.getByTestId('revoked-banner').count()).resolves.toBe(0);
    await Promise.all([page.context().close(), org.context().close()]);
  });
});
