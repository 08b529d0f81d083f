// An operator asks for a plugin with a note; an owner sees the request on the organization
// page and installs it through the consent dialog, or declines with a reason; the operator
// sees the outcome live on the plugin page.
import { createOrg, type Permission } from '@mlebotics/shared';
import {
  APP_URL,
  connectClient,
  createPublisher,
  createUser,
  joinOrg,
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

const SENSORS: Permission = { name: 'sensors:read', reason: 'Reads the conveyor speed sensors' };

let browser: Browser;
let owner: TestUser;
let operator: TestUser;
let accepted: string;
let declined: string;

beforeAll(async () => {
  await resetEmulators();
  browser = await launchBrowser();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  const publisherId = uniqueId('belt');
  await createPublisher(publisherId, [dev.uid], true);
  const developer = await connectClient(dev);
  accepted = `${publisherId}.speed-watch`;
  declined = `${publisherId}.belt-cam`;
  for (const [id, name] of [
    [accepted, 'Speed Watch'],
    [declined, 'Belt Cam'],
  ]) {
    const upload = await publishThroughUpload(
      developer,
      publisherId,
      await packPlugin(id!, { name, permissions: [SENSORS] } as never),
    );
    if (upload.state !== 'published') throw new Error(JSON.stringify(upload.errors));
  }
  await developer.close();
  owner = await createUser(`${uniqueId('owner')}@example.com`);
  operator = await createUser(`${uniqueId('operator')}@example.com`);
  const ownerClient = await connectClient(owner);
  const orgId = uniqueId('line');
  await ownerClient.call(createOrg, { name: 'Line Nine', orgId });
  await joinOrg(ownerClient, operator, orgId, 'operator');
  await ownerClient.close();
}, 300_000);
afterAll(() => browser?.close());

describe('install requests', () => {
  it('an operator asks, the owner installs through consent, the operator sees it live', async () => {
    const asker = await newPage(browser);
    await signInThroughUi(asker.page, operator.email, operator.password);
    await asker.page.goto(`${APP_URL}/plugins/${accepted}`);
    await asker.page.getByRole('button', { name: 'Ask to install' }).click();
    await asker.page.getByLabel(/Why does Line Nine need it/).fill('Belt 3 keeps slipping at night.');
    await asker.page.getByRole('button', { name: 'Send request' }).click();
    await asker.page.getByText(/waiting for an owner or admin/).waitFor();

    const decider = await newPage(browser);
    await signInThroughUi(decider.page, owner.email, owner.password);
    await decider.page.goto(`${APP_URL}/org`);
    const row = decider.page.getByTestId(`install-request-${accepted}`);
    await expect(row.textContent()).resolves.toContain('Belt 3 keeps slipping at night.');
    await row.getByRole('button', { name: 'Review and install' }).click();
    const dialog = decider.page.getByRole('dialog');
    await dialog.getByTestId('consent-permission').first().waitFor();
    await expect(dialog.getByTestId('consent-permission').count()).resolves.toBe(1);
    await dialog.getByRole('button', { name: 'Allow and install' }).click();
    await row.waitFor({ state: 'detached' });

    // The operator's page follows: installed, no request box any more.
    await asker.page.getByTestId('installed-note').waitFor();
    await asker.context.close();
    await decider.context.close();
  });

  it('an owner declines with a reason the operator reads', async () => {
    const asker = await newPage(browser);
    await signInThroughUi(asker.page, operator.email, operator.password);
    await asker.page.goto(`${APP_URL}/plugins/${declined}`);
    await asker.page.getByRole('button', { name: 'Ask to install' }).click();
    await asker.page.getByRole('button', { name: 'Send request' }).click();
    await asker.page.getByText(/waiting for an owner or admin/).waitFor();

    const decider = await newPage(browser);
    await signInThroughUi(decider.page, owner.email, owner.password);
    await decider.page.goto(`${APP_URL}/org`);
    const row = decider.page.getByTestId(`install-request-${declined}`);
    await row.getByRole('button', { name: 'Decline' }).click();
    const dialog = decider.page.getByRole('dialog');
    await dialog.getByLabel(/Why not/).fill('Cameras are not allowed on this line.');
    await dialog.getByRole('button', { name: 'Decline request' }).click();
    await row.waitFor({ state: 'detached' });

    await asker.page.getByText('Cameras are not allowed on this line.').waitFor();
    await expect(asker.page.getByRole('button', { name: 'Ask again' }).isVisible()).resolves.toBe(true);
    await asker.context.close();
    await decider.context.close();
  });
});
