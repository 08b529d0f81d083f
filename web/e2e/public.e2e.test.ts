// The public catalogue, honest states and the not-found page: signed-out visitors browse and
// open deep links; an unreachable service is said to be unreachable (never "no results"),
// what was loaded stays, and the page says when the service is back; unknown URLs get a page
// inside the layout, never the router's developer page.
import { createOrg } from '@mlebotics/shared';
import {
  APP_URL,
  connectClient,
  createPublisher,
  createUser,
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

let browser: Browser;
let owner: TestUser;
let pluginId: string;

/**
 * Console errors a blocked service provokes on purpose (including the connectivity probe the
 * Firestore SDK's WebChannel loads from google.com when its stream fails, which the console's
 * CSP blocks).
 */
const OUTAGE_ERRORS = [
  /Failed to load resource/,
  /net::ERR_/,
  /Could not reach Cloud Firestore/,
  /WebChannel/,
  /cleardot\.gif/,
];

beforeAll(async () => {
  await resetEmulators();
  browser = await launchBrowser();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  const publisherId = uniqueId('harbor');
  await createPublisher(publisherId, [dev.uid], true);
  const developer = await connectClient(dev);
  pluginId = `${publisherId}.tide-gauge`;
  const upload = await publishThroughUpload(
    developer,
    publisherId,
    await packPlugin(pluginId, {
      name: 'Tide Gauge',
      description: 'Reads harbour tide sensors and charts the water level.',
      keywords: ['tide', 'harbour'],
    }),
  );
  if (upload.state !== 'published') throw new Error(JSON.stringify(upload.errors));
  await developer.close();
  owner = await createUser(`${uniqueId('owner')}@example.com`);
  const ownerClient = await connectClient(owner);
  await ownerClient.call(createOrg, { name: 'Harbour Ops', orgId: uniqueId('harbour') });
  await ownerClient.close();
}, 300_000);

afterAll(() => browser?.close());

const cards = (page: Page) => page.getByTestId('plugin-card');

describe('signed out', () => {
  it('browses, searches and opens a plugin page from a deep link, with titles', async () => {
    const { page, context } = await newPage(browser);
    await page.goto(`${APP_URL}/`);
    await page.getByRole('heading', { name: 'Tide Gauge' }).waitFor();
    await expect(page.title()).resolves.toBe('Discover plugins · MLEbotics Marketplace');
    await expect(page.getByRole('link', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'Organization' }).count()).resolves.toBe(0);

    await page.goto(`${APP_URL}/?q=tide`);
    await cards(page).first().waitFor();
    await expect(page.title()).resolves.toContain('tide');

    await page.goto(`${APP_URL}/plugins/${pluginId}`);
    await page.locator('header').getByRole('heading', { name: 'Tide Gauge', level: 1 }).waitFor();
    await expect(page.title()).resolves.toBe('Tide Gauge · MLEbotics Marketplace');
    await page.getByTestId('readme').waitFor();
    await page.getByRole('heading', { name: /Reviews/ }).waitFor();
    // Acting needs an account: the page says so and links to sign in, coming back here.
    const signIn = page.getByTestId('sign-in-to-install');
    await signIn.waitFor();
    await signIn.getByRole('link').click();
    await page.waitForURL((url) => url.pathname === '/signin' && url.search.includes(encodeURIComponent(pluginId)));
    await context.close();
  });

  it('sends a signed-out visitor of an account page to sign in, and back after', async () => {
    const { page, context } = await newPage(browser);
    await page.goto(`${APP_URL}/org`);
    await page.waitForURL(/\/signin\?next=%2Forg/);
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/org$/);
    await page.getByRole('heading', { name: /Harbour Ops/ }).waitFor();
    await context.close();
  });

  it('opens a deep link without the router warning about a missing HydrateFallback', async () => {
    const { page, context } = await newPage(browser);
    const warnings: string[] = [];
    page.on('console', (message) => warnings.push(message.text()));
    await page.goto(`${APP_URL}/publishers/${pluginId.split('.')[0]}`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(warnings.filter((w) => w.includes('HydrateFallback'))).toEqual([]);
    await context.close();
  });

  it('shows a not-found page inside the layout for an unknown URL', async () => {
    const { page, context } = await newPage(browser);
    await page.goto(`${APP_URL}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await expect(page.locator('header.app-header').isVisible()).resolves.toBe(true);
    await expect(page.getByText(/Unexpected Application Error|Hey developer/).count()).resolves.toBe(0);
    await expect(page.title()).resolves.toBe('Page not found · MLEbotics Marketplace');
    await context.close();
  });
});

describe('outages', () => {
  it('says the catalogue is unreachable (not "no results") and fills in when the service is back', async () => {
    const { page, context } = await newPage(browser, { expectedConsoleErrors: OUTAGE_ERRORS });
    await page.route('**/google.firestore.v1.Firestore/**', (route) => route.abort());
    await page.goto(`${APP_URL}/`);
    await page.getByTestId('unreachable').waitFor({ timeout: 30_000 });
    await expect(page.getByText('No plugins match').count()).resolves.toBe(0);
    await page.unroute('**/google.firestore.v1.Firestore/**');
    await page.getByRole('heading', { name: 'Tide Gauge' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('connection-back').waitFor({ timeout: 30_000 });
    await context.close();
  });

  it('keeps a loaded plugin page when the connection drops, and says so', async () => {
    const { page, context } = await newPage(browser, { expectedConsoleErrors: OUTAGE_ERRORS });
    await page.goto(`${APP_URL}/plugins/${pluginId}`);
    await page.locator('header').getByRole('heading', { name: 'Tide Gauge', level: 1 }).waitFor();
    await page.route('**/google.firestore.v1.Firestore/**', (route) => route.abort());
    await context.setOffline(true);
    await page.getByTestId('connection-lost').waitFor({ timeout: 60_000 });
    await expect(
      page.locator('header').getByRole('heading', { name: 'Tide Gauge', level: 1 }).isVisible(),
    ).resolves.toBe(true);
    await expect(page.getByText(/There is no plugin/).count()).resolves.toBe(0);
    await context.setOffline(false);
    await page.unroute('**/google.firestore.v1.Firestore/**');
    await page.getByTestId('connection-back').waitFor({ timeout: 60_000 });
    await context.close();
  });

  it('a deep link to a plugin while unreachable says so, never "no such plugin"', async () => {
    const { page, context } = await newPage(browser, { expectedConsoleErrors: OUTAGE_ERRORS });
    await page.route('**/google.firestore.v1.Firestore/**', (route) => route.abort());
    await page.goto(`${APP_URL}/plugins/${pluginId}`);
    await page.getByTestId('unreachable').waitFor({ timeout: 30_000 });
    await expect(page.getByText(/There is no plugin/).count()).resolves.toBe(0);
    await context.close();
  });

  it('keeps the last search results, marked out of date, while search is unreachable, and says when it is back', async () => {
    const { page, context } = await newPage(browser, { expectedConsoleErrors: OUTAGE_ERRORS });
    await page.goto(`${APP_URL}/?q=tide`);
    await page.getByRole('heading', { name: 'Tide Gauge' }).waitFor();
    const searchCallable = /\/search(\?|$)/;
    let blocked = 0;
    await page.route(searchCallable, (route) => {
      if (route.request().method() === 'POST') blocked++;
      return route.abort();
    });
    await page.getByLabel('Search plugins').fill('gauge');
    // The call gives up after its own retries (~6 s); the earlier results stay, said to be stale.
    const stale = page.getByTestId('search-stale');
    await stale.waitFor({ timeout: 30_000 });
    await expect(stale.textContent()).resolves.toContain('“tide”');
    await expect(page.getByRole('heading', { name: 'Tide Gauge' }).isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('unreachable').count()).resolves.toBe(0);
    await expect(page.getByText(/No plugins match/).count()).resolves.toBe(0);
    // The browser saying it is online again starts an attempt at once (the backoff's first
    // wait is 2 s)…
    const afterGivingUp = blocked;
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect.poll(() => blocked, { timeout: 1500, interval: 100 }).toBeGreaterThan(afterGivingUp);
    // …and it keeps trying by itself on a timer, not only when the person types again (one
    // attempt is a call and its 3 quick retries).
    await expect.poll(() => blocked, { timeout: 30_000 }).toBeGreaterThan(afterGivingUp + 4);
    await page.unroute(searchCallable);
    // Back: the results answer the new text, and the page says so.
    await page.getByTestId('search-back').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('search-stale').count()).resolves.toBe(0);
    await expect(page.getByTestId('catalog-count').textContent()).resolves.toMatch(/^1 plugin match$/);
    await context.close();
  });

  it('an unreachable Functions service is named as such in the consent dialog', async () => {
    const { page, context } = await newPage(browser, { expectedConsoleErrors: OUTAGE_ERRORS });
    await signInThroughUi(page, owner.email, owner.password);
    await page.goto(`${APP_URL}/plugins/${pluginId}`);
    await page.getByRole('button', { name: /Install in Harbour Ops/ }).click();
    await page.route(/\/(install|installPlugin)(\?|$)/, (route) => route.abort());
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /^(Allow and install|Install)$/ }).click();
    await expect(dialog.getByRole('alert').textContent()).resolves.toContain('could not be reached');
    await expect(dialog.textContent()).resolves.not.toContain('internal');
    await context.close();
  });
});
