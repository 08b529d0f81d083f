import {
  APP_URL,
  admin,
  createUser,
  eventually,
  launchBrowser,
  newPage,
  resetEmulators,
  seedListing,
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

describe('walking skeleton', () => {
  it('signs in with email and password and shows the catalogue live', async () => {
    const user = await createUser(`${uniqueId('operator')}@example.com`);
    await seedListing(uniqueId('acme.first'), { name: 'First plugin' });
    const { page, errors, context } = await newPage(browser);
    await signInThroughUi(page, user.email, user.password);
    await expect(page.getByTestId('signed-in-user').textContent()).resolves.toBe(user.email);
    await page.getByRole('heading', { name: 'First plugin' }).waitFor();
    const countNow = async () => Number.parseInt((await page.getByTestId('catalog-count').textContent()) ?? '', 10);
    const before = await eventually(async () => ((await countNow()) >= 1 ? countNow() : undefined), 'the first count');

    // A change made elsewhere appears without a reload, and the trigger-maintained count follows.
    await seedListing(uniqueId('acme.second'), { name: 'Second plugin' });
    await page.getByRole('heading', { name: 'Second plugin' }).waitFor();
    await eventually(async () => ((await countNow()) === before + 1 ? true : undefined), 'the live count');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('signs in with the emulated Google provider', async () => {
    const { page, context } = await newPage(browser);
    await page.goto(`${APP_URL}/signin`);
    await page.getByRole('button', { name: 'Continue with Google' }).click();
    const email = `${uniqueId('gina')}@example.com`;
    await page.getByLabel('Google account email').fill(email);
    await page.getByRole('button', { name: 'Sign in with Google (emulated)' }).click();
    await expect(page.getByTestId('signed-in-user').textContent()).resolves.toBe(email);
    const account = await admin.auth.getUserByEmail(email);
    expect(account.providerData.map((p) => p.providerId)).toEqual(['google.com']);
    await context.close();
  });

  it('sends signed-out visitors to the sign-in page and shows wrong passwords clearly', async () => {
    const user = await createUser(`${uniqueId('operator')}@example.com`);
    // The Auth endpoint answers the wrong password with 400, which the browser logs.
    const { page, context } = await newPage(browser, { expectedConsoleErrors: [/status of 400 \(Bad Request\)/] });
    // The catalogue is public; an account page sends a signed-out visitor to sign in.
    await page.goto(`${APP_URL}/org`);
    await page.waitForURL(/\/signin\?next=/);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('The email or password is wrong.');
    await context.close();
  });
});
