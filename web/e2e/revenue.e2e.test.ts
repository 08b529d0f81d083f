import { createOrg, paths, type Permission } from '@mlebotics/shared';
import {
  APP_URL,
  admin,
  connectClient,
  createPublisher,
  createUser,
  eventually,
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

const FETCH: Permission = { name: 'network:fetch', reason: 'Reads traffic data', hosts: ['traffic.example.com'] };

let browser: Browser;
let owner: TestUser;
let dev: TestUser;
let paid: string;
let risky: string;

beforeAll(async () => {
  await resetEmulators();
  browser = await launchBrowser();
  dev = await createUser(`${uniqueId('dev')}@example.com`);
  const publisherId = uniqueId('routeco');
  await createPublisher(publisherId, [dev.uid], true);
  const developer = await connectClient(dev);
  paid = `${publisherId}.route-optimizer`;
  risky = `${publisherId}.traffic-feed`;
  for (const [id, overrides] of [
    [paid, { name: 'Route Optimizer' }],
    [risky, { name: 'Traffic Feed', permissions: [FETCH] }],
  ] as const) {
    const upload = await publishThroughUpload(developer, publisherId, await packPlugin(id, overrides as never));
    if (upload.state !== 'published') throw new Error(JSON.stringify(upload.errors));
  }
  await admin.db
    .doc(paths.plugin(paid))
    .update({ pricing: { model: 'one-time', amount: 1999, currency: 'usd' }, priceClass: 'paid' });
  await developer.close();
  owner = await createUser(`${uniqueId('owner')}@example.com`);
  const client = await connectClient(owner);
  await client.call(createOrg, { name: 'Depot One', orgId: uniqueId('depot') });
  await client.close();
}, 300_000);

afterAll(() => browser?.close());

describe('buying and policy', () => {
  it('buys a paid plugin in test mode, then installs it', async () => {
    const { page, context } = await newPage(browser);
    await signInThroughUi(page, owner.email, owner.password);
    await page.goto(`${APP_URL}/plugins/${paid}`);
    const purchase = page.getByTestId('purchase');
    await expect(purchase.textContent()).resolves.toContain('$19.99');
    await purchase.getByRole('button', { name: 'Buy for Depot One' }).click();
    await expect(page.getByTestId('test-mode').textContent()).resolves.toContain('Test mode.');
    await page.getByRole('button', { name: 'Complete test purchase' }).click();
    // The entitlement arrives live; the install button replaces the purchase box.
    await page.getByRole('button', { name: 'Install in Depot One' }).click();
    await expect(page.getByTestId('entitlement-note').textContent()).resolves.toContain('Test mode purchase.');
    await page.getByRole('dialog').getByRole('button', { name: 'Install' }).click();
    await page.getByTestId('installed-note').waitFor();
    await context.close();
  });

  it('shows the sale in the developer’s earnings, split 80/20', async () => {
    const { page, context } = await newPage(browser);
    await signInThroughUi(page, dev.email, dev.password);
    await page.goto(`${APP_URL}/my-plugins`);
    await page.getByText('Earnings', { exact: true }).click();
    const row = page.getByTestId('earnings-row').filter({ hasText: paid });
    await expect(row.textContent()).resolves.toMatch(/test mode.*\$19\.99 \(1\).*\$16\.00.*\$3\.99/);
    await context.close();
  });

  it('sets an org policy and the consent dialog shows why a plugin is refused', async () => {
    const { page, context } = await newPage(browser);
    await signInThroughUi(page, owner.email, owner.password);
    await page.goto(`${APP_URL}/org`);
    const form = page.getByRole('form', { name: 'Install policy' });
    await form.getByLabel('Highest permission risk allowed').selectOption('low');
    await form.getByRole('button', { name: 'Save policy' }).click();
    await eventually(
      async () =>
        (await page.getByTestId('policy-summary').textContent())?.includes('permissions up to low risk')
          ? true
          : undefined,
      'the saved policy',
    );
    await page.goto(`${APP_URL}/plugins/${risky}`);
    await page.getByRole('button', { name: 'Install in Depot One' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('consent-policy').textContent()).resolves.toContain(
      'allows permissions up to low risk; the plugin asks for network:fetch',
    );
    await expect(dialog.getByRole('button', { name: 'Allow and install' }).isDisabled()).resolves.toBe(true);
    await context.close();
  });
});
