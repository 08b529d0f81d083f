import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { hosts } from './emulators.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Flags checked on these machines: headless as root, and no background traffic to Google
// (the network is closed and would refuse it, many connections at a time).
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The built web app as Hosting serves it, on `localhost` (plugin panels use 127.0.0.1: another site). */
export const APP_URL = `http://localhost:${hosts.hosting.split(':')[1]}`;

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/** Errors of every page opened with newPage since the last drain (the browser tests' afterEach). */
const unexpected: string[] = [];

/**
 * Returns and forgets the uncaught page errors and unexpected console errors collected so far.
 * The browser project's setup file fails each test that leaves any.
 */
export function drainPageErrors(): string[] {
  return unexpected.splice(0);
}

export interface NewPageOptions {
  /**
   * Console errors the test provokes on purpose (a refused write, a blocked request), by
   * pattern; any other console error fails the test.
   */
  expectedConsoleErrors?: RegExp[];
}

/**
 * A fresh context and page. Uncaught page errors and console errors (other than the expected
 * ones) are collected in `errors` and fail the test when it ends.
 */
export async function newPage(
  browser: Browser,
  options: NewPageOptions = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext();
  // Every Content-Security-Policy violation becomes a console error (so it fails the test unless
  // expected), whatever the browser itself logs for it.
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) =>
      console.error('CSP violation: ' + e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' in ' + e.sourceFile));`,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => {
    errors.push(error.message);
    unexpected.push(`uncaught page error: ${error.message}`);
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if ((options.expectedConsoleErrors ?? []).some((pattern) => pattern.test(text))) return;
    unexpected.push(`console error: ${text.slice(0, 500)}`);
  });
  return { context, page, errors };
}

/** Signs in through the app's own form. */
export async function signInThroughUi(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${APP_URL}/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('signed-in-user').waitFor();
}

/** A fresh page signed in as `user` through the app's form. */
export async function signedInPage(browser: Browser, user: { email: string; password: string }): Promise<Page> {
  const { page } = await newPage(browser);
  await signInThroughUi(page, user.email, user.password);
  return page;
}

/**
 * Answers a reason dialog (the admin console's): opens it with `button` (a name on the page or
 * a locator), fills the reason, confirms with `confirm` and waits for the dialog to close.
 */
export async function confirmWithReason(
  page: Page,
  button: string | Locator,
  title: RegExp,
  reason: string,
  confirm: string,
): Promise<void> {
  await (typeof button === 'string' ? page.getByRole('button', { name: button, exact: true }).first() : button).click();
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.getByLabel('Reason').fill(reason);
  await dialog.getByRole('button', { name: confirm, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}
