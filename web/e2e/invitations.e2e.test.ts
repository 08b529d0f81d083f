// Invitations page: an invitation shows only to an account whose address is verified (anyone may
// sign up unverified with someone else's address); once verified — in another tab, by the
// email's link — the page picks it up on the next visit and the invitee joins.
import { addOrgMember, createOrg } from '@mlebotics/shared';
import {
  admin,
  connectClient,
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

describe('the invitations page', () => {
  it('hides invitations from an unverified address and shows them once it is verified', async () => {
    const owner = await createUser(`${uniqueId('owner')}@example.com`);
    const invitee = await createUser(`${uniqueId('hire')}@example.com`, { emailVerified: false });
    const orgId = uniqueId('depot');
    const client = await connectClient(owner);
    await client.call(createOrg, { name: 'North Depot', orgId });
    await client.call(addOrgMember, { orgId, email: invitee.email, role: 'operator' });
    await client.close();

    const page = await signedInPage(browser, invitee);
    await page.goto(`${APP_URL}/invitations`);
    await page.getByText(`Your email address ${invitee.email} is not verified yet`).waitFor();
    await expect(page.getByText('North Depot').count()).resolves.toBe(0);
    await expect(page.getByText('Loading invitations…').count()).resolves.toBe(0);

    await admin.auth.updateUser(invitee.uid, { emailVerified: true });
    await page.reload();
    const list = page.getByRole('list', { name: 'Your invitations' });
    await list.getByText('North Depot').waitFor();
    await expect(page.getByText('is not verified yet').count()).resolves.toBe(0);
    await list.getByRole('button', { name: 'Accept' }).click();
    await page.getByText(`You joined the organization ${orgId} as operator.`).waitFor();
  });
});
