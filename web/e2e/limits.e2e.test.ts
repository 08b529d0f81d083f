import { createOrg, paths } from '@mlebotics/shared';
import {
  admin,
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
  type TestUser,
} from '@mlebotics/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Abuse limits and double submits, as a person meets them in the console.

let browser: Browser;
let owner: TestUser;
let orgId: string;
let publisherId: string;

beforeAll(async () => {
  await resetEmulators();
  browser = await launchBrowser();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  publisherId = uniqueId('limits');
  await createPublisher(publisherId, [dev.uid], true);
  const developer = await connectClient(dev);
  for (const [slug, name] of [
    ['belt-sorter', 'Belt Sorter'],
    ['dock-lights', 'Dock Lights'],
  ]) {
    const upload = await publishThroughUpload(
      developer,
      publisherId,
      await packPlugin(`${publisherId}.${slug}`, { name, version: '1.0.0' } as never),
    );
    if (upload.state !== 'published') throw new Error(JSON.stringify(upload.errors));
  }
  await developer.close();
  owner = await createUser(`${uniqueId('owner')}@example.com`);
  const client = await connectClient(owner);
  orgId = uniqueId('depot');
  await client.call(createOrg, { name: 'North Depot', orgId });
  await client.close();
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

async function openInstallDialog(pluginId: string, name: string): Promise<Page> {
  const { page } = await newPage(browser, { expectedConsoleErrors: [/status of 429/] });
  await signInThroughUi(page, owner.email, owner.password);
  await page.goto(`${APP_URL}/plugins/${pluginId}`);
  await page.getByRole('button', { name: 'Install in North Depot' }).click();
  await page.getByRole('dialog', { name: new RegExp(`^Install ${name}`) }).waitFor();
  return page;
}

async function installState(pluginId: string) {
  const [install, audit, listing] = await Promise.all([
    admin.db.doc(paths.install(orgId, pluginId)).get(),
    admin.db.collection(paths.auditLog(orgId)).where('pluginId', '==', pluginId).get(),
    admin.db.doc(paths.plugin(pluginId)).get(),
  ]);
  return { installed: install.exists, audits: audit.size, count: listing.get('installCount') as number };
}

describe('limits in the console', () => {
  it('a double-click on Install makes one install', async () => {
    const pluginId = `${publisherId}.belt-sorter`;
    const page = await openInstallDialog(pluginId, 'Belt Sorter');
    await page.getByRole('dialog').getByRole('button', { name: 'Install', exact: true }).dblclick();
    await page.getByTestId('installed-note').waitFor();
    // Give a second install, had one been sent, the time to land.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await installState(pluginId)).toEqual({ installed: true, audits: 1, count: 1 });
    await page.context().close();
  });

  it('a rate-limited install shows the wait, then goes on by itself and succeeds', async () => {
    const pluginId = `${publisherId}.dock-lights`;
    const page = await openInstallDialog(pluginId, 'Dock Lights');
    // The owner's install bucket is empty, as after a burst: the next token comes in 4 s.
    await admin.db
      .doc(paths.rateLimit(`install:user:${owner.uid}`))
      .set({ tokens: -1, at: Date.now(), expireAt: new Date(Date.now() + 3_600_000) });
    await page.getByRole('dialog').getByRole('button', { name: 'Install', exact: true }).click();
    // Said in the dialog (a modal covers the page's own notice on a phone).
    const wait = page.getByRole('dialog').getByTestId('rate-limit-wait');
    await wait.waitFor();
    expect(await wait.textContent()).toMatch(
      /Too many requests in a short time\. Installing goes on by itself in [1-5] s\./,
    );
    await page.getByTestId('installed-note').waitFor();
    await wait.waitFor({ state: 'detached' });
    await eventually(async () => ((await installState(pluginId)).count === 1 ? true : undefined), 'one install');
    expect(await installState(pluginId)).toEqual({ installed: true, audits: 1, count: 1 });
    await page.context().close();
  });
});
