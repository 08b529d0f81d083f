import { collections, createOrg } from '@mlebotics/shared';
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
} from '@mlebotics/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let browser: Browser;
beforeAll(async () => {
  await resetEmulators();
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('publishing from the web app', () => {
  it('creates a publisher, publishes a package with live progress, and the plugin is listed', async () => {
    const dev = await createUser(`${uniqueId('dev')}@example.com`);
    const { page, context } = await newPage(browser);
    await signInThroughUi(page, dev.email, dev.password);
    await page.goto(`${APP_URL}/my-plugins`);
    const publisherId = uniqueId('studio');
    const form = page.getByRole('form', { name: 'Create a publisher' });
    await form.getByLabel('Publisher id').fill(publisherId);
    await expect(page.getByTestId('publisher-id-check').filter({ hasText: 'available' }).textContent()).resolves.toBe(
      `${publisherId}: available`,
    );
    await form.getByLabel('Display name').fill('Studio Robotics');
    await form.getByRole('button', { name: 'Create publisher' }).click();
    await page.getByRole('heading', { name: /Studio Robotics/ }).waitFor();

    await page.goto(`${APP_URL}/publish`);
    const pluginId = `${publisherId}.line-follower`;
    const bytes = await packPlugin(pluginId, {
      name: 'Line Follower',
      description: 'Follows painted lines on factory floors.',
    });
    await page
      .getByTestId('package-input')
      .setInputFiles({ name: 'line-follower.tgz', mimeType: 'application/gzip', buffer: Buffer.from(bytes) });
    for (const step of ['received', 'validating', 'signing', 'published']) {
      await page.locator(`[data-testid="step-${step}"].done`).waitFor({ timeout: 30_000 });
    }
    await expect(page.getByTestId('published').textContent()).resolves.toContain(`${pluginId}@1.0.0`);
    // The page is ready for the next package: no upload card left, the publisher can be changed,
    // and (below) a file that is not gzip gets its verdict (it used to wait forever).
    await expect(page.getByText(/Uploading/).count()).resolves.toBe(0);
    await expect(page.getByLabel('Publisher').isEnabled()).resolves.toBe(true);
    await page.getByTestId('published').getByRole('link', { name: 'See the plugin page' }).click();
    await page.locator('header').getByRole('heading', { name: 'Line Follower', level: 1 }).waitFor();
    await page.goto(`${APP_URL}/?q=follower`);
    await page.getByRole('heading', { name: 'Line Follower' }).waitFor();
    await page.goto(`${APP_URL}/publish`);
    await page.getByTestId('package-input').setInputFiles({
      name: 'notes.tgz',
      mimeType: 'application/gzip',
      buffer: Buffer.from('just some text\n'.repeat(40)),
    });
    await expect(page.getByTestId('prevalidation-errors').textContent()).resolves.toContain('not-gzip');
    await context.close();
  });

  it('shows a broken package’s errors before uploading anything', async () => {
    const dev = await createUser(`${uniqueId('dev')}@example.com`);
    const publisherId = uniqueId('broken');
    await createPublisher(publisherId, [dev.uid]);
    const { page, context } = await newPage(browser);
    await signInThroughUi(page, dev.email, dev.password);
    await page.goto(`${APP_URL}/publish`);
    const bytes = await packPlugin(`${publisherId}.broken`, {
      version: 'v1',
      permissions: [{ name: 'network:fetch', reason: 'Talks to every subdomain', hosts: ['*.example.com'] }],
    });
    await page
      .getByTestId('package-input')
      .setInputFiles({ name: 'broken.tgz', mimeType: 'application/gzip', buffer: Buffer.from(bytes) });
    const errors = page.getByTestId('prevalidation-errors');
    await errors.waitFor();
    const text = await errors.textContent();
    expect(text).toContain('manifest-version-invalid');
    expect(text).toContain('plugin.json#/version');
    expect(text).toContain('permission-host-wildcard');
    expect(text).toContain('What to do: List every host the plugin reaches by its exact name');
    // Nothing was announced or uploaded.
    expect((await admin.db.collection(collections.uploads).where('uid', '==', dev.uid).get()).size).toBe(0);
    await context.close();
  });

  it('stays usable after a published upload and after a server rejection: the drop zone opens the picker again', async () => {
    const dev = await createUser(`${uniqueId('dev')}@example.com`);
    const publisherId = uniqueId('again');
    await createPublisher(publisherId, [dev.uid]);
    const { page, context } = await newPage(browser);
    await signInThroughUi(page, dev.email, dev.password);
    await page.goto(`${APP_URL}/publish`);
    // What the drop zone does to open the picker: a click on its file input (the picker itself is
    // unreliable to watch headless; see the keyboard test in accessibility.e2e.test.ts).
    await page.getByTestId('package-input').evaluate((input: HTMLInputElement) => {
      const w = window as unknown as { pickerOpens: number };
      w.pickerOpens = 0;
      input.click = () => {
        w.pickerOpens++;
      };
    });
    const pickerOpens = () => page.evaluate(() => (window as unknown as { pickerOpens: number }).pickerOpens);
    const zone = page.getByRole('button', { name: /^Drop a \.tgz here/ });
    const pluginId = `${publisherId}.welder`;
    const send = async (version: string) =>
      page.getByTestId('package-input').setInputFiles({
        name: `welder-${version}.tgz`,
        mimeType: 'application/gzip',
        buffer: Buffer.from(await packPlugin(pluginId, { name: 'Welder', version })),
      });

    await send('1.0.0');
    await page.getByTestId('published').waitFor({ timeout: 60_000 });
    await zone.click();
    expect(await pickerOpens(), 'the picker opens after a published upload').toBe(1);
    await expect(page.getByLabel('Publisher').isEnabled()).resolves.toBe(true);

    // The same version again passes the browser's check but the server refuses it (versions are
    // immutable): the page says so and is ready for the next package.
    await send('1.0.0');
    await page.getByTestId('step-rejected').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('timeline').textContent()).resolves.toContain('already published');
    await expect(page.getByText(/Uploading/).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /^(Pause|Cancel)$/ }).count()).resolves.toBe(0);
    await expect(page.getByLabel('Publisher').isEnabled()).resolves.toBe(true);
    await expect(zone.getAttribute('aria-disabled')).resolves.toBe('false');
    await zone.click();
    expect(await pickerOpens(), 'the picker opens after a rejected upload').toBe(2);

    await send('1.0.1');
    await expect(page.getByTestId('published').textContent({ timeout: 60_000 })).resolves.toContain(
      `${pluginId}@1.0.1`,
    );
    await context.close();
  });

  it('yanks a version: new installs get the previous one', async () => {
    const dev = await createUser(`${uniqueId('dev')}@example.com`);
    const publisherId = uniqueId('yanker');
    await createPublisher(publisherId, [dev.uid]);
    const developer = await connectClient(dev);
    const pluginId = `${publisherId}.gripper`;
    for (const version of ['1.0.0', '1.1.0']) {
      const upload = await publishThroughUpload(
        developer,
        publisherId,
        await packPlugin(pluginId, { name: 'Gripper', version }),
      );
      expect(upload.state).toBe('published');
    }
    const orgId = uniqueId('plant');
    await developer.call(createOrg, { name: 'Plant', orgId });
    await developer.close();

    const { page, context } = await newPage(browser);
    await signInThroughUi(page, dev.email, dev.password);
    await page.goto(`${APP_URL}/my-plugins`);
    const row = page.getByTestId('my-version-1.1.0');
    await row.getByRole('button', { name: 'Yank' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yank version' }).click();
    await row.getByText('yanked', { exact: true }).waitFor();

    await page.goto(`${APP_URL}/plugins/${pluginId}`);
    await page.getByTestId('version-1.1.0').getByText('yanked', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Install in Plant' }).click();
    await expect(page.getByRole('dialog').getByRole('heading').textContent()).resolves.toBe('Install Gripper 1.0.0');
    await page.getByRole('dialog').getByRole('button', { name: 'Install' }).click();
    await expect(page.getByTestId('installed-note').textContent()).resolves.toContain('version 1.0.0');
    await eventually(
      async () =>
        (await admin.db.doc(`orgs/${orgId}/installs/${pluginId}`).get()).get('version') === '1.0.0' ? true : undefined,
      'the install of 1.0.0',
    );
    await context.close();
  });
});
