// A development build from the console: an owner of an organization who is a member of the
// publisher uploads one, installs it with consent on the organization page and sees it badged;
// another organization's owner sees nothing of it.
import { createOrg, type Permission } from '@mlebotics/shared';
import {
  APP_URL,
  connectClient,
  createPublisher,
  createUser,
  launchBrowser,
  newPage,
  packPlugin,
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

const STORE: Permission = { name: 'storage:plugin', reason: 'Remembers the last route' };

describe('development builds in the console', () => {
  it('uploads a development build, installs it with consent and badges it; another organization sees nothing', async () => {
    const owner = await createUser(`${uniqueId('owner')}@example.com`);
    const outsider = await createUser(`${uniqueId('outsider')}@example.com`);
    const publisherId = uniqueId('labs');
    await createPublisher(publisherId, [owner.uid]);
    const orgId = uniqueId('lab');
    const ownerClient = await connectClient(owner);
    const outsiderClient = await connectClient(outsider);
    await ownerClient.call(createOrg, { name: 'Test Lab', orgId });
    await outsiderClient.call(createOrg, { name: 'Other Yard', orgId: uniqueId('yard') });
    await Promise.all([ownerClient.close(), outsiderClient.close()]);

    const { page, context } = await newPage(browser);
    await signInThroughUi(page, owner.email, owner.password);
    await page.goto(`${APP_URL}/publish`);
    await page.getByTestId('upload-target').selectOption({ label: 'Development build for Test Lab (not published)' });
    await expect(page.getByTestId('development-notice').textContent()).resolves.toContain('not published');
    const pluginId = `${publisherId}.route-planner`;
    const bytes = await packPlugin(pluginId, { name: 'Route Planner', permissions: [STORE] });
    await page
      .getByTestId('package-input')
      .setInputFiles({ name: 'route-planner.tgz', mimeType: 'application/gzip', buffer: Buffer.from(bytes) });
    await page.locator('[data-testid="step-development-ready"].done').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('development-ready').textContent()).resolves.toContain(
      `Development build #1 of ${pluginId}@1.0.0 is ready for Test Lab`,
    );

    await page.getByTestId('development-ready').getByRole('link', { name: 'Development builds' }).click();
    const row = page.getByTestId(`dev-build-${pluginId}`);
    await expect(row.getByTestId('development-badge').textContent()).resolves.toBe('Development build #1');
    await row.getByRole('button', { name: 'Install' }).click();
    const dialog = page.getByRole('dialog', { name: /Route Planner \(development build #1\)/ });
    await expect(dialog.getByTestId('consent-permission').count()).resolves.toBe(1);
    await dialog.getByRole('button', { name: 'Allow and install' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const installed = page.getByTestId(`installed-${pluginId}`);
    await expect(installed.getByTestId('development-badge').textContent()).resolves.toBe('Development build #1');
    await expect(installed.getByTestId('development-status').textContent()).resolves.toBe(
      'runs the latest development build',
    );
    await expect(row.textContent()).resolves.toContain('build #1 installed');
    // The catalogue does not know the plugin.
    await page.goto(`${APP_URL}/?q=route`);
    await page
      .getByText(/No plugins match/)
      .first()
      .waitFor();
    await expect(page.getByRole('heading', { name: 'Route Planner' }).count()).resolves.toBe(0);
    await context.close();

    // The other organization's owner sees no development builds on their organization page.
    const other = await newPage(browser);
    await signInThroughUi(other.page, outsider.email, outsider.password);
    await other.page.goto(`${APP_URL}/org`);
    await other.page.getByRole('heading', { name: 'Other Yard', level: 1 }).waitFor();
    await other.page.getByRole('heading', { name: 'Installed plugins' }).waitFor();
    await expect(other.page.getByTestId('development-builds').count()).resolves.toBe(0);
    await expect(other.page.getByText('Route Planner').count()).resolves.toBe(0);
    await other.context.close();
  });
});
