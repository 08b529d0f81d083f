import { createOrg, install } from '@mlebotics/shared';
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
  type TestUser,
  joinOrg,
} from '@mlebotics/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let browser: Browser;
let reviewer: TestUser;
let viewer: TestUser;
let neighbour: TestUser; // in another organization that installed the plugin
let pluginId: string;

beforeAll(async () => {
  await resetEmulators();
  browser = await launchBrowser();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  const publisherId = uniqueId('dockside');
  await createPublisher(publisherId, [dev.uid], false);
  const developer = await connectClient(dev);
  pluginId = `${publisherId}.crane-guard`;
  const upload = await publishThroughUpload(
    developer,
    publisherId,
    await packPlugin(pluginId, { name: 'Crane Guard', version: '1.0.0' } as never),
  );
  if (upload.state !== 'published') throw new Error(JSON.stringify(upload.errors));
  await developer.close();

  reviewer = await createUser(`${uniqueId('reviewer')}@example.com`);
  viewer = await createUser(`${uniqueId('viewer')}@example.com`);
  const owner = await connectClient(reviewer);
  const orgId = uniqueId('port');
  await owner.call(createOrg, { name: 'Port Authority', orgId });
  await joinOrg(owner, viewer, orgId, 'operator');
  await owner.call(install, { orgId, pluginId, grantedPermissions: [] });
  await owner.close();
  neighbour = await createUser(`${uniqueId('neighbour')}@example.com`);
  const other = await connectClient(neighbour);
  const otherOrg = uniqueId('harbour');
  await other.call(createOrg, { name: 'Harbour Ops', orgId: otherOrg });
  await other.call(install, { orgId: otherOrg, pluginId, grantedPermissions: [] });
  await other.close();
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

async function pluginPage(user: TestUser): Promise<Page> {
  const { page } = await newPage(browser);
  await signInThroughUi(page, user.email, user.password);
  await page.goto(`${APP_URL}/plugins/${pluginId}`);
  await page.getByTestId('rating-summary').waitFor();
  return page;
}

const summary = (page: Page) => page.getByTestId('rating-summary').getByRole('img').first().getAttribute('aria-label');

describe('reviews', () => {
  it('a review by one operator updates the average another operator is looking at, without a reload', async () => {
    const watching = await pluginPage(viewer);
    await expect(summary(watching)).resolves.toBe('No ratings yet');
    // Set on the page's window: it survives only if the page is never reloaded.
    await watching.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));

    const writing = await pluginPage(reviewer);
    const form = writing.getByRole('form', { name: 'Write a review' });
    // Validation first: no rating chosen.
    await form.getByLabel('Title').fill('Stops the crane before it hits anything');
    await form.getByRole('button', { name: 'Post review' }).click();
    await expect(form.getByRole('alert').textContent()).resolves.toBe('Choose a rating from 1 to 5 stars.');
    await form.getByLabel('4 stars').check();
    await form.getByLabel(/^Review/).fill('Saved us twice in the first week.');
    await form.getByRole('button', { name: 'Post review' }).click();
    await writing.getByRole('form', { name: 'Edit your review' }).waitFor();

    await eventually(
      async () => ((await summary(watching)) === 'Rated 4.0 out of 5 from 1 review' ? true : undefined),
      'the new average on the other operator’s page',
    );
    await watching.getByTestId('review').filter({ hasText: 'Stops the crane before it hits anything' }).waitFor();

    // An edit moves the average for the watcher too.
    const edit = writing.getByRole('form', { name: 'Edit your review' });
    await edit.getByLabel('2 stars').check();
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await eventually(
      async () => ((await summary(watching)) === 'Rated 2.0 out of 5 from 1 review' ? true : undefined),
      'the edited average on the other operator’s page',
    );
    await expect(watching.evaluate(() => (window as unknown as { marker?: string }).marker)).resolves.toBe('same page');
    await writing.context().close();
    await watching.context().close();
  });

  it('offers no vote or flag on a review from the viewer’s own organization (the server refuses them)', async () => {
    const page = await pluginPage(viewer);
    const review = page.getByTestId('review').filter({ hasText: 'Stops the crane before it hits anything' });
    await review.getByTestId('own-org-review').waitFor();
    await expect(review.getByRole('button', { name: /^(Flag|Helpful|✓ Helpful)/ }).count()).resolves.toBe(0);
    await page.context().close();
  });

  it('another organization flags the review through the flag dialog, with a reason', async () => {
    const page = await pluginPage(neighbour);
    const review = page.getByTestId('review').filter({ hasText: 'Stops the crane before it hits anything' });
    await review.getByRole('button', { name: 'Flag', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Flag this review for moderation?' });
    await dialog.waitFor();
    const send = dialog.getByRole('button', { name: 'Send flag' });
    // No reason, no flag.
    await expect(send.isDisabled()).resolves.toBe(true);
    // Cancel sends nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect(review.getByText('flagged by your organization').count()).resolves.toBe(0);

    await review.getByRole('button', { name: 'Flag', exact: true }).click();
    await dialog.getByLabel('Why should a moderator look at this review?').fill('Reads like an advertisement.');
    await send.click();
    await dialog.waitFor({ state: 'hidden' });
    await review.getByText('flagged by your organization').waitFor();
    await expect(review.getByRole('button', { name: 'Flag', exact: true }).count()).resolves.toBe(0);
    await page.context().close();
  });
});
