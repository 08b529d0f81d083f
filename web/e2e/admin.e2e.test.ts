// The admin console as a marketplace administrator: moderating a flagged review (remove, then
// restore), suspending a publisher (its row, its listings and its uploads), the signing keys
// with their counts and a rotation, and the audit log of all of it. Other accounts are kept out.
import { createOrg, createUpload, install, paths, publicReviewId, reactToReview } from '@mlebotics/shared';
import { sha256Hex } from '@mlebotics/shared/node';
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
  type Client,
  type TestUser,
} from '@mlebotics/testing';
import { doc, serverTimestamp, setDoc } from 'firebase/firestore';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let browser: Browser;
let moderator: TestUser;
let outsider: TestUser;
let developer: Client;
let publisherId: string;
let pluginId: string;
let reviewId: string;

/** An organization of its own that installed the plugin, as the user's client. */
async function withInstall(user: TestUser, name: string): Promise<{ client: Client; orgId: string }> {
  const client = await connectClient(user);
  const orgId = uniqueId(name.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
  await client.call(createOrg, { name, orgId });
  await client.call(install, { orgId, pluginId, grantedPermissions: [] });
  return { client, orgId };
}

beforeAll(async () => {
  await resetEmulators();
  browser = await launchBrowser();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  publisherId = uniqueId('quayside');
  await createPublisher(publisherId, [dev.uid]);
  developer = await connectClient(dev);
  pluginId = `${publisherId}.berth-planner`;
  const upload = await publishThroughUpload(
    developer,
    publisherId,
    await packPlugin(pluginId, { name: 'Berth Planner', version: '1.0.0' } as never),
  );
  if (upload.state !== 'published') throw new Error(JSON.stringify(upload.errors));

  const author = await createUser(`${uniqueId('author')}@example.com`);
  const reviewer = await withInstall(author, 'Dock Crew');
  await setDoc(doc(reviewer.client.db, paths.review(pluginId, author.uid)), {
    rating: 1,
    title: 'Buy BerthPro instead',
    body: 'Visit berthpro.example for a discount.',
    version: '1.0.0',
    orgId: reviewer.orgId,
    createdAt: serverTimestamp(),
    updatedAt: serverTimestamp(),
  });
  await reviewer.client.close();
  reviewId = publicReviewId(pluginId, author.uid);
  await eventually(
    async () => ((await admin.db.doc(paths.reviewState(pluginId, author.uid)).get()).exists ? true : undefined),
    'the review counted',
    90_000,
  );
  const flagger = await withInstall(await createUser(`${uniqueId('flagger')}@example.com`), 'Tug Ops');
  await flagger.client.call(reactToReview, {
    pluginId,
    reviewId,
    orgId: flagger.orgId,
    kind: 'flag',
    on: true,
    reason: 'Advertises a competitor',
  });
  await flagger.client.close();
  moderator = await createUser(`${uniqueId('mod')}@example.com`, { admin: true });
  outsider = await createUser(`${uniqueId('outsider')}@example.com`);
}, 300_000);

afterAll(async () => {
  await developer?.close();
  await browser?.close();
});

async function signedIn(user: TestUser): Promise<Page> {
  const { page } = await newPage(browser);
  await signInThroughUi(page, user.email, user.password);
  return page;
}

/** Opens a reason dialog with `button`, gives the reason and confirms with `confirm`. */
async function act(page: Page, button: string, title: RegExp, reason: string, confirm: string) {
  await page.getByRole('button', { name: button, exact: true }).first().click();
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.getByLabel('Reason').fill(reason);
  await dialog.getByRole('button', { name: confirm, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('the admin console', () => {
  it('keeps other accounts out: signed out to sign-in, a non-administrator sees why, no Admin link', async () => {
    const { page } = await newPage(browser);
    await page.goto(`${APP_URL}/admin/publishers`);
    await page.waitForURL(/\/signin\?next=%2Fadmin%2Fpublishers$/);
    await signInThroughUi(page, outsider.email, outsider.password);
    await page.goto(`${APP_URL}/admin`);
    await page.getByRole('heading', { name: 'Only marketplace administrators can open this page' }).waitFor();
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count(),
    ).resolves.toBe(0);
    await page.context().close();
  });

  it('moderates a flagged review: remove, then restore', async () => {
    const page = await signedIn(moderator);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    // /admin opens the first section.
    await page.waitForURL(/\/admin\/[a-z-]+$/);
    await page.getByRole('link', { name: 'Reviews', exact: true }).click();
    const item = page.getByTestId('moderation-item').filter({ hasText: 'Buy BerthPro instead' });
    await expect(item.textContent()).resolves.toMatch(/1 flag.*Advertises a competitor/s);
    await act(page, 'Remove', /^Remove this review/, 'Spam for a competitor', 'Remove review');
    await page.getByRole('status').filter({ hasText: 'Review removed.' }).waitFor();
    await item.getByText('Removed', { exact: true }).waitFor();
    await act(page, 'Restore', /^Restore this review/, 'Checked again: allowed', 'Restore review');
    await page.getByRole('heading', { name: 'Nothing to moderate' }).waitFor();
    await page.context().close();
  });

  it('suspends a publisher: its row says so, its listings leave discovery and it cannot upload', async () => {
    const page = await signedIn(moderator);
    await page.goto(`${APP_URL}/admin/publishers`);
    await page.getByLabel('Search by id or name').fill(publisherId);
    const row = page.getByTestId(`publisher-${publisherId}`);
    await row.getByText('Active', { exact: true }).waitFor();
    await act(page, 'Suspend', /^Suspend this publisher/, 'Malware reported by two organizations', 'Suspend publisher');
    await row.getByText('Suspended', { exact: true }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: `${publisherId} suspended; 1 listing updated.` })
      .waitFor();
    expect((await admin.db.doc(paths.plugin(pluginId)).get()).get('publisherSuspended')).toBe(true);
    const bytes = await packPlugin(pluginId, { version: '1.0.1' } as never);
    await expect(
      developer.callOnce(createUpload, { publisherId, size: bytes.length, sha256: sha256Hex(bytes) }),
    ).rejects.toMatchObject({ details: { reason: 'publisher-suspended' } });
    await act(page, 'Unsuspend', /^Lift the suspension/, 'Appeal accepted after review', 'Lift suspension');
    await row.getByText('Active', { exact: true }).waitFor();
    await page.context().close();
  });

  it('lists the signing keys with their counts and rotates the key', async () => {
    const page = await signedIn(moderator);
    await page.goto(`${APP_URL}/admin/keys`);
    const table = page.getByRole('table', { name: 'Signing keys' });
    await table.getByText('active', { exact: true }).waitFor();
    const first = table.locator('tbody tr').first();
    await expect(first.getByTestId('versions-signed').textContent()).resolves.toBe('1');
    const firstKey = (await first.locator('code').textContent())!;
    await act(page, 'Rotate signing key', /^Rotate the signing key/, 'Yearly rotation', 'Rotate key');
    await page
      .getByRole('status')
      .filter({ hasText: /^New signing key mle-[0-9a-f]{16} is active\.$/ })
      .waitFor();
    const old = page.getByTestId(`key-${firstKey}`);
    await old.getByText('retired', { exact: true }).waitFor();
    await expect(old.getByTestId('versions-signed').textContent()).resolves.toBe('1');
    await expect(table.locator('tbody tr').first().getByTestId('versions-signed').textContent()).resolves.toBe('0');
    await page.context().close();
  });

  it('shows every action in the audit log, newest first, with who and why', async () => {
    const page = await signedIn(moderator);
    await page.goto(`${APP_URL}/admin/audit`);
    const rows = page.getByTestId('audit-entry');
    await rows.first().waitFor();
    const text = await rows.allTextContents();
    // The third cell of each row is the action.
    const actions = await rows.locator('td:nth-child(3)').allTextContents();
    expect(actions).toEqual([
      'signing-key.rotate',
      'publisher.unsuspend',
      'publisher.suspend',
      'review-moderation.restore',
      'review-moderation.remove',
    ]);
    expect(text[2]).toContain(moderator.email);
    expect(text[2]).toContain('Malware reported by two organizations');
    expect(text[4]).toContain(`${pluginId}/${reviewId}`);
    await page.context().close();
  });
});
