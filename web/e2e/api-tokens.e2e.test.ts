// Publisher API tokens in the console: an owner creates one (the secret shown once, in a dialog),
// a CI job uses it, the list shows the last use, and the owner revokes it after confirming.
import { exchangePublisherToken } from '@mlebotics/shared';
import {
  connectClient,
  createPublisher,
  createUser,
  launchBrowser,
  resetEmulators,
  signedInPage,
  uniqueId,
  APP_URL,
} from '@mlebotics/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let browser: Browser;
beforeAll(async () => {
  await resetEmulators();
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('API tokens on the publisher page', () => {
  it('are created with the secret shown once, show their last use, and are revoked after confirming', async () => {
    const owner = await createUser(`${uniqueId('owner')}@example.com`);
    const member = await createUser(`${uniqueId('member')}@example.com`);
    const publisherId = uniqueId('ci-studio');
    await createPublisher(publisherId, [owner.uid]);
    const page = await signedInPage(browser, owner);
    await page.goto(`${APP_URL}/publishers/${publisherId}`);
    const section = page.getByTestId('api-tokens');
    await section.getByText('No tokens yet.').waitFor();

    await section.getByRole('button', { name: 'Create token' }).click();
    const create = page.getByRole('dialog', { name: 'Create an API token' });
    await create.getByLabel(/^Name/).fill('GitHub Actions: release.yml');
    await create.getByLabel(/^Expires in/).fill('30');
    await create.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('dialog', { name: /Token “GitHub Actions: release.yml” created/ });
    await shown.waitFor();
    await expect(shown.getByText('you will not see it again').count()).resolves.toBe(1);
    const token = (await shown.getByTestId('new-token').textContent())!.trim();
    expect(token).toMatch(/^mlep_[A-Za-z0-9]{20}_[A-Za-z0-9_-]{43}$/);
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'hidden' });
    // Once closed, the secret is nowhere on the page.
    await expect(page.content()).resolves.not.toContain(token);
    const row = section.locator(`[data-testid="token-${token.slice(5, 25)}"]`);
    await expect(row.getByTestId('token-last-used').textContent()).resolves.toBe('never');
    await expect(row.getByTestId('token-state').textContent()).resolves.toBe('active');

    // A CI job uses it; after a reload the list shows when.
    const ci = await connectClient();
    await ci.callOnce(exchangePublisherToken, { token });
    await ci.close();
    await page.reload();
    await expect(row.getByTestId('token-last-used').textContent()).resolves.not.toBe('never');

    await row.getByRole('button', { name: /^Revoke/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke this API token?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(row.getByTestId('token-state').textContent()).resolves.toBe('active');
    await row.getByRole('button', { name: /^Revoke/ }).click();
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await expect(row.getByTestId('token-state').textContent()).resolves.toMatch(/^revoked/);
    await page.context().close();

    // Someone who is not an owner does not see the section at all.
    const other = await signedInPage(browser, member);
    await other.goto(`${APP_URL}/publishers/${publisherId}`);
    await other.getByRole('heading', { level: 1 }).waitFor();
    await expect(other.getByTestId('api-tokens').count()).resolves.toBe(0);
    await other.context().close();
  });
});
