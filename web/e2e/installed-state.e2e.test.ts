// What is installed, shown wherever it is shown: the catalogue's cards (installed version,
// yanked since, update available, deprecated, price), the organization page's rows and the
// plugin page's box (yanked, with Update), and installing a chosen version from the versions
// table, then updating and uninstalling it from the plugin page. Also: a version's downloads
// (package, signature envelope, public key) verify with the CLI as the page says.
import { createOrg, deprecate, install, yankVersion } from '@mlebotics/shared';
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
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let browser: Browser;
let owner: TestUser;
let orgId: string;
let gripper: string;
let sorter: string;
let lamp: string;

beforeAll(async () => {
  await resetEmulators();
  browser = await launchBrowser();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  const publisherId = uniqueId('works');
  await createPublisher(publisherId, [dev.uid], true);
  const developer = await connectClient(dev);
  gripper = `${publisherId}.gripper`;
  sorter = `${publisherId}.sorter`;
  lamp = `${publisherId}.lamp`;
  const publish = async (id: string, name: string, version: string) => {
    const upload = await publishThroughUpload(developer, publisherId, await packPlugin(id, { name, version }));
    if (upload.state !== 'published') throw new Error(JSON.stringify(upload.errors));
  };
  for (const version of ['1.0.0', '1.1.0', '2.0.0']) {
    await publish(gripper, 'Gripper', version);
    await publish(sorter, 'Sorter', version);
  }
  await publish(lamp, 'Signal Lamp', '1.0.0');

  owner = await createUser(`${uniqueId('owner')}@example.com`);
  const ownerClient = await connectClient(owner);
  orgId = uniqueId('plant');
  await ownerClient.call(createOrg, { name: 'Press Plant', orgId });
  await ownerClient.call(install, { orgId, pluginId: gripper, version: '1.1.0', grantedPermissions: [] });
  await ownerClient.close();
  // The publisher yanks the version the organization runs, and retires the lamp.
  await developer.call(yankVersion, { pluginId: gripper, version: '1.1.0', yanked: true, reason: 'drops parts' });
  await developer.call(deprecate, { pluginId: lamp, message: 'Replaced by the new signal tower plugin.' });
  await developer.close();
  await admin.db
    .doc(`plugins/${lamp}`)
    .update({ pricing: { model: 'one-time', amount: 1999, currency: 'usd' }, priceClass: 'paid' });
}, 300_000);

afterAll(() => browser?.close());

async function signedIn(): Promise<Page> {
  const { page } = await newPage(browser);
  await signInThroughUi(page, owner.email, owner.password);
  return page;
}

const card = (page: Page, name: string) =>
  page.getByTestId('plugin-card').filter({ has: page.getByRole('heading', { name, exact: true }) });

describe('installed state', () => {
  it('cards show installed, yanked, update available, deprecated and price', async () => {
    const page = await signedIn();
    await page.goto(`${APP_URL}/`);
    const gripperState = card(page, 'Gripper').getByTestId('card-state');
    await gripperState.getByTestId('installed-yanked').waitFor();
    await expect(gripperState.textContent()).resolves.toContain('Installed 1.1.0');
    await expect(gripperState.textContent()).resolves.toContain('Update available: 2.0.0');
    await gripperState.getByRole('link', { name: 'Update Gripper' }).click();
    await page.waitForURL(new RegExp(`/plugins/${gripper.replace('.', '\\.')}$`));
    await page.goto(`${APP_URL}/`);

    const lampCard = card(page, 'Signal Lamp');
    await lampCard.getByTestId('card-state').getByText('Deprecated', { exact: true }).waitFor();
    await expect(lampCard.textContent()).resolves.toContain('$19.99');
    await expect(lampCard.getByTestId('card-state').textContent()).resolves.not.toContain('Installed');
    // A plugin not installed here says nothing about installs, nor "Free" for a paid one.
    const sorterCard = card(page, 'Sorter');
    await expect(sorterCard.getByTestId('card-state').count()).resolves.toBe(0);
    await expect(sorterCard.textContent()).resolves.toContain('Free');
    await page.context().close();
  });

  it('the organization page and the plugin page say the installed version was yanked, and offer the update', async () => {
    const page = await signedIn();
    await page.goto(`${APP_URL}/org`);
    const row = page.getByTestId(`installed-${gripper}`);
    await row.getByTestId('installed-yanked').waitFor();
    await expect(row.getByTestId('update-available').textContent()).resolves.toContain('2.0.0 available');
    await expect(row.getByRole('button', { name: 'Update' }).isVisible()).resolves.toBe(true);

    await page.goto(`${APP_URL}/plugins/${gripper}`);
    const box = page.getByTestId('installed-note');
    await box.getByTestId('installed-yanked').waitFor();
    await expect(box.getByTestId('yanked-note').textContent()).resolves.toContain('drops parts');
    await box.getByRole('button', { name: 'Update to 2.0.0' }).click();
    // Updated: no longer yanked, no longer an update to offer.
    await eventually(
      async () => ((await box.textContent())?.includes('version 2.0.0') ? true : undefined),
      'the installed box showing 2.0.0',
    );
    await expect(box.getByTestId('installed-yanked').count()).resolves.toBe(0);
    await expect(box.getByRole('button', { name: /^Update to/ }).count()).resolves.toBe(0);
    await page.goto(`${APP_URL}/org`);
    await eventually(
      async () => ((await row.locator('td').nth(1).textContent()) === '2.0.0' ? true : undefined),
      'the row showing 2.0.0 without the yanked badge',
    );
    await page.context().close();
  });

  it('installs a chosen older version from the versions table, then updates and uninstalls from the plugin page', async () => {
    const page = await signedIn();
    await page.goto(`${APP_URL}/plugins/${sorter}`);
    await page.getByTestId('version-1.1.0').getByRole('button', { name: 'Install 1.1.0' }).click();
    await expect(page.getByTestId('chosen-version').textContent()).resolves.toContain(
      'Installing version 1.1.0 instead of the latest (2.0.0)',
    );
    await page.getByRole('button', { name: 'Install 1.1.0 in Press Plant' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading').first().textContent()).resolves.toBe('Install Sorter 1.1.0');
    await dialog.getByRole('button', { name: /^(Allow and install|Install)$/ }).click();
    const box = page.getByTestId('installed-note');
    await eventually(
      async () => ((await box.textContent())?.includes('version 1.1.0') ? true : undefined),
      'the installed box showing 1.1.0',
    );
    await eventually(
      async () =>
        (await admin.db.doc(`orgs/${orgId}/installs/${sorter}`).get()).get('version') === '1.1.0' ? true : undefined,
      'the install of 1.1.0',
    );

    await box.getByRole('button', { name: 'Update to 2.0.0' }).click();
    await eventually(
      async () => ((await box.textContent())?.includes('version 2.0.0') ? true : undefined),
      'the installed box showing 2.0.0',
    );
    await box.getByRole('button', { name: 'Uninstall' }).click();
    const confirm = page.getByRole('dialog');
    await expect(confirm.getByRole('heading').first().textContent()).resolves.toBe('Uninstall Sorter?');
    // Cancel keeps it.
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(box.isVisible()).resolves.toBe(true);
    await box.getByRole('button', { name: 'Uninstall' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Uninstall' }).click();
    await page.getByRole('button', { name: 'Install in Press Plant' }).waitFor();
    await expect((await admin.db.doc(`orgs/${orgId}/installs/${sorter}`).get()).exists).toBe(false);
    await page.context().close();
  });
});

describe('downloads', () => {
  it('saves a version’s package, signature and key, which the CLI verifies with the command the page gives', async () => {
    const { page, context } = await newPage(browser);
    await page.goto(`${APP_URL}/plugins/${sorter}`);
    const row = page.getByTestId('version-1.0.0');
    await row.getByRole('button', { name: 'Public key', exact: true }).waitFor();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mle-downloads-'));
    try {
      const saved: Record<string, string> = {};
      for (const name of ['Package', 'Signature', 'Public key']) {
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          row.getByRole('button', { name, exact: true }).click(),
        ]);
        saved[name] = path.join(dir, download.suggestedFilename());
        await download.saveAs(saved[name]);
      }
      // The page's one-line instruction names exactly the files it saved.
      await row.getByText('Verify it yourself').click();
      const command = ((await row.locator('code.command').textContent()) ?? '').trim().split(/\s+/);
      expect(command.slice(0, 3)).toEqual(['npx', 'mlebotics-plugin', 'verify']);
      const args = command
        .slice(2)
        .map((arg) => (arg.includes('.') && !arg.startsWith('-') ? path.join(dir, arg) : arg));
      expect(args).toEqual(['verify', saved.Package, '--envelope', saved.Signature, '--key', saved['Public key']]);
      const cli = fileURLToPath(new URL('../../packages/cli/bin/mlebotics-plugin.mjs', import.meta.url));
      const { stdout } = await promisify(execFile)(process.execPath, [cli, ...args]);
      expect(stdout).toContain(`${sorter}@1.0.0 verified`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await context.close();
  });
});
