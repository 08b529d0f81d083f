import { createOrg, install, type Permission } from '@mlebotics/shared';
import {
  APP_URL,
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
  type Client,
  type TestUser,
} from '@mlebotics/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SENSORS: Permission = { name: 'sensors:read', reason: 'Reads the greenhouse temperature sensors' };
const FETCH: Permission = {
  name: 'network:fetch',
  reason: 'Uploads readings to the grower dashboard',
  hosts: ['api.grower.example.com'],
};

let browser: Browser;
let owner: TestUser;
let ownerClient: Client;
let orgId: string;
let publisherId: string;
let thermo: string;
let mover: string;

beforeAll(async () => {
  await resetEmulators();
  browser = await launchBrowser();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  publisherId = uniqueId('greenhouse');
  await createPublisher(publisherId, [dev.uid], true);
  const developer = await connectClient(dev);
  thermo = `${publisherId}.thermo-watch`;
  mover = `${publisherId}.conveyor-mover`;
  const publish = async (id: string, overrides: Record<string, unknown>) => {
    const upload = await publishThroughUpload(developer, publisherId, await packPlugin(id, overrides as never));
    if (upload.state !== 'published') throw new Error(JSON.stringify(upload.errors));
  };
  await publish(thermo, {
    name: 'Thermo Watch',
    description: 'Watches greenhouse temperatures and raises alarms.',
    keywords: ['temperature', 'greenhouse'],
    categories: ['sensors'],
    version: '1.0.0',
    permissions: [SENSORS],
  });
  await publish(thermo, {
    name: 'Thermo Watch',
    description: 'Watches greenhouse temperatures and raises alarms.',
    keywords: ['temperature', 'greenhouse'],
    categories: ['sensors'],
    version: '2.0.0',
    permissions: [SENSORS, FETCH],
  });
  await publish(mover, {
    name: 'Conveyor Mover',
    description: 'Moves conveyor belts between stations on schedule.',
    keywords: ['conveyor', 'logistics'],
    categories: ['actuators'],
    version: '1.0.0',
  });
  await developer.close();
  owner = await createUser(`${uniqueId('owner')}@example.com`);
  ownerClient = await connectClient(owner);
  orgId = uniqueId('farm');
  await ownerClient.call(createOrg, { name: 'Green Farm', orgId });
}, 300_000);

afterAll(async () => {
  await ownerClient?.close();
  await browser?.close();
});

async function signedIn(): Promise<Page> {
  const { page } = await newPage(browser);
  await signInThroughUi(page, owner.email, owner.password);
  return page;
}

const cardNames = (page: Page) => page.getByTestId('plugin-card').locator('h2').allTextContents();

describe('operator console', () => {
  it('searches and filters the catalogue, with the filters in the URL', async () => {
    const page = await signedIn();
    await page.getByRole('heading', { name: 'Thermo Watch' }).waitFor();
    await page.getByLabel('Search plugins').fill('temperat');
    await page.waitForURL(/q=temperat/);
    await eventually(
      async () => ((await cardNames(page)).join() === 'Thermo Watch' ? true : undefined),
      'only Thermo Watch for "temperat"',
    );

    await page.getByLabel('Category').selectOption('actuators');
    await page.waitForURL(/category=actuators/);
    await page.getByRole('heading', { name: 'No plugins match' }).waitFor();

    // The back button undoes the last filter.
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('category='));
    await eventually(
      async () => ((await cardNames(page)).join() === 'Thermo Watch' ? true : undefined),
      'the previous results after going back',
    );

    // The permission filter, with counts per option for the current search and filters.
    await page.goto(`${APP_URL}/?permission=none`);
    await eventually(
      async () => ((await cardNames(page)).join() === 'Conveyor Mover' ? true : undefined),
      'only the plugin that asks for no permissions',
    );
    await page.goto(`${APP_URL}/`);
    await eventually(async () => {
      const text = await page.getByLabel('Permission').locator('option').allTextContents();
      return text.some((t) => t.startsWith('Read sensors') && t.endsWith('(1)')) &&
        text.some((t) => t.startsWith('No permissions') && t.endsWith('(1)'))
        ? true
        : undefined;
    }, 'facet counts on the permission filter');
    await expect(page.getByTestId('catalog-count').textContent()).resolves.toBe('2 plugins');

    // A shared link opens the same view.
    await page.goto(`${APP_URL}/?category=actuators&sort=rating`);
    await eventually(
      async () => ((await cardNames(page)).join() === 'Conveyor Mover' ? true : undefined),
      'the linked view',
    );
    expect(await page.getByLabel('Sort by').inputValue()).toBe('rating');
    await page.context().close();
  });

  it('shows a plugin: README, verified signatures, permissions with risk and reasons, version diffs', async () => {
    const page = await signedIn();
    await page.goto(`${APP_URL}/plugins/${thermo}`);
    await page.locator('header').getByRole('heading', { name: 'Thermo Watch', level: 1 }).waitFor();
    await expect(page.getByTestId('readme').locator('h1').textContent()).resolves.toBe('Thermo Watch');
    await expect(page.getByText('✓ verified').first().isVisible()).resolves.toBe(true);
    await eventually(
      async () =>
        (await page.getByTestId('signature-status').allTextContents()).filter((t) => t.includes('signature verified'))
          .length === 2
          ? true
          : undefined,
      'both signatures verified in the browser',
    );
    const permissions = page.getByRole('list', { name: 'Permissions' });
    await expect(permissions.textContent()).resolves.toContain('Uploads readings to the grower dashboard');
    await expect(permissions.textContent()).resolves.toContain('medium risk');
    await expect(page.getByTestId('version-2.0.0').getByTestId('permission-diff').textContent()).resolves.toContain(
      '+network:fetch',
    );
    await page.context().close();
  });

  it('finds a plugin by a misspelt name as you type, highlights the match, and opens it', async () => {
    const page = await signedIn();
    await page.getByRole('heading', { name: 'Thermo Watch' }).waitFor();
    await page.getByLabel('Search plugins').pressSequentially('conveyer movr', { delay: 40 });
    await page.waitForURL(/q=conveyer/);
    // Every key stays in the box and reaches the URL: the URL catching up with an earlier
    // commit never overwrites what was typed since.
    await page.waitForURL((url) => url.searchParams.get('q') === 'conveyer movr');
    expect(await page.getByLabel('Search plugins').inputValue()).toBe('conveyer movr');
    await eventually(
      async () => (await page.getByTestId('plugin-list').getAttribute('data-query')) === 'conveyer movr' || undefined,
      'the results of the whole text',
    );
    await eventually(
      async () => ((await cardNames(page))[0] === 'Conveyor Mover' ? true : undefined),
      'Conveyor Mover first for "conveyer movr"',
    );
    const card = page.getByTestId('plugin-card').first();
    expect(await card.locator('h2 mark').allTextContents()).not.toEqual([]);
    await expect(page.getByTestId('catalog-count').textContent()).resolves.toMatch(/^\d+ plugins? match$/);
    // Facet counts come with the search, for the search.
    await eventually(async () => {
      const text = await page.getByLabel('Category').locator('option').allTextContents();
      return text.some((t) => t.startsWith('Actuators') && t.endsWith('(1)')) ? true : undefined;
    }, 'facet counts for the search');
    await card.getByRole('link').click();
    await page.waitForURL(new RegExp(`/plugins/${mover.replace('.', '\\.')}$`));
    await page.locator('header').getByRole('heading', { name: 'Conveyor Mover', level: 1 }).waitFor();

    // Nothing found: the search suggests a correction.
    await page.goto(`${APP_URL}/?q=${encodeURIComponent('greenhose')}`);
    await eventually(
      async () => ((await cardNames(page)).includes('Thermo Watch') ? true : undefined),
      'Thermo Watch for "greenhose"',
    );

    // Typed at the pace of the URL commit (100 ms), keys land while earlier text is being
    // committed: none is lost, and the results end on the whole text.
    const box = page.getByLabel('Search plugins');
    await box.fill('');
    await box.pressSequentially('thermo watch', { delay: 100 });
    await page.waitForURL((url) => url.searchParams.get('q') === 'thermo watch');
    expect(await box.inputValue()).toBe('thermo watch');
    await eventually(
      async () => (await page.getByTestId('plugin-list').getAttribute('data-query')) === 'thermo watch' || undefined,
      'the results of "thermo watch"',
    );
    expect((await cardNames(page))[0]).toBe('Thermo Watch');
    await page.context().close();
  });

  it('installs with consent and the install count updates live', async () => {
    const page = await signedIn();
    await page.goto(`${APP_URL}/plugins/${mover}`);
    await page.getByRole('button', { name: 'Install in Green Farm' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('consent-org').textContent()).resolves.toBe('Green Farm');
    await dialog.getByRole('button', { name: 'Install' }).click();
    await page.getByTestId('installed-note').waitFor();
    await eventually(
      async () => ((await page.getByTestId('detail-install-count').textContent()) === '1 installs' ? true : undefined),
      'the live install count',
    );
    await page.context().close();
  });

  it('updates with fresh consent when permissions grow, then uninstalls', async () => {
    await ownerClient.call(install, { orgId, pluginId: thermo, version: '1.0.0', grantedPermissions: [SENSORS] });
    const page = await signedIn();
    await page.goto(`${APP_URL}/org`);
    const row = page.getByTestId(`installed-${thermo}`);
    await expect(row.getByTestId('update-available').textContent()).resolves.toContain(
      '2.0.0 available — needs new consent',
    );
    await row.getByRole('button', { name: 'Update' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.textContent()).resolves.toContain('asks for more than you granted before');
    const permissions = await dialog.getByTestId('consent-permission').allTextContents();
    expect(permissions).toHaveLength(2);
    expect(permissions.find((p) => p.includes('network:fetch'))).toContain('new');
    await dialog.getByRole('button', { name: 'Allow and update' }).click();
    await eventually(
      async () => ((await row.locator('td').nth(1).textContent()) === '2.0.0' ? true : undefined),
      'the updated version',
    );
    await expect(row.textContent()).resolves.toContain('up to date');

    await row.getByRole('button', { name: 'Uninstall' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Uninstall' }).click();
    await row.waitFor({ state: 'detached' });
    await page.goto(`${APP_URL}/org/capabilities`);
    await page.getByTestId('capabilities-automation-step').waitFor();
    await expect(page.getByTestId('capabilities-automation-step').textContent()).resolves.toContain('Conveyor Mover');
    await expect(page.getByTestId('capabilities-automation-step').textContent()).resolves.not.toContain('Thermo Watch');
    await page.context().close();
  });
});
