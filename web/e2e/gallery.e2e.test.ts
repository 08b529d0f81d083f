// Screenshots and release notes on the plugin page: the gallery shows the latest version's
// screenshots read from the registry (captions as text alternatives, keyboard, phone width,
// blob URLs released when the page is left), and each version's release notes render
// sanitised like the README (no script, no remote image).
import {
  APP_URL,
  connectClient,
  createPublisher,
  createUser,
  hosts,
  launchBrowser,
  newPage,
  packPlugin,
  publishThroughUpload,
  resetEmulators,
  solidPng,
  uniqueId,
} from '@mlebotics/testing';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHANGELOG = `# Changelog

## [1.0.0] - 2026-12-01

### Added
- A **gallery** of screenshots.

<script>window.__changelogRan = true</script>
<img src="https://tracker.example/notes.png" alt="tracker pixel">
<a href="javascript:alert(1)">script link</a>

## 0.9.0

- Not this version.
`;

const CAPTIONS = ['The fleet overview', 'A storm alert on a robot'];

let browser: Browser;
let pluginId: string;

beforeAll(async () => {
  await resetEmulators();
  browser = await launchBrowser();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  const publisherId = uniqueId('lens');
  await createPublisher(publisherId, [dev.uid]);
  const developer = await connectClient(dev);
  pluginId = `${publisherId}.fleet-view`;
  const upload = await publishThroughUpload(
    developer,
    publisherId,
    await packPlugin(
      pluginId,
      {
        name: 'Fleet View',
        changelog: 'CHANGELOG.md',
        screenshots: [
          { path: 'shots/overview.png', caption: CAPTIONS[0]! },
          { path: 'shots/alert.png', caption: CAPTIONS[1]! },
        ],
      },
      {
        'CHANGELOG.md': CHANGELOG,
        'shots/overview.png': solidPng(800, 500, [36, 83, 214]),
        'shots/alert.png': solidPng(640, 400, [181, 71, 8]),
      },
    ),
  );
  if (upload.state !== 'published') throw new Error(JSON.stringify(upload.errors));
  await developer.close();
}, 300_000);

afterAll(() => browser?.close());

const decoded = (img: Locator) =>
  img.evaluate((el: HTMLImageElement) => (el.complete && el.src.startsWith('blob:') ? el.naturalWidth : 0));

/** Whether an image URL still loads in the page (the CSP lets images, not fetch, read blob: URLs). */
const loads = (url: string) =>
  new Promise<string>((resolve) => {
    const img = new Image();
    img.onload = () => resolve('loaded');
    img.onerror = () => resolve('revoked');
    img.src = url;
  });

describe('the plugin page of a package with screenshots and a changelog', () => {
  it('shows the screenshots in a keyboard-usable gallery, and the release notes sanitised', async () => {
    // The revoked blob: URL, loaded on purpose at the end.
    const { context, page, errors } = await newPage(browser, {
      expectedConsoleErrors: [/^Failed to load resource: net::ERR_FILE_NOT_FOUND$/],
    });
    const local = new Set([new URL(APP_URL).origin, ...Object.values(hosts).map((host) => `http://${host}`)]);
    const offsite: string[] = [];
    await context.route(
      (url) => !url.href.startsWith('blob:') && !url.href.startsWith('data:') && !local.has(url.origin),
      (route) => {
        offsite.push(route.request().url());
        return route.abort('blockedbyclient');
      },
    );
    // Signed out: a public listing's screenshots are for everyone.
    await page.goto(`${APP_URL}/plugins/${pluginId}`);
    const gallery = page.getByTestId('gallery');
    await gallery.getByRole('heading', { name: 'Screenshots' }).waitFor();

    // The first screenshot, decoded from a blob: URL, its caption as alternative and visible text.
    const image = gallery.getByTestId('gallery-image');
    await expect.poll(() => decoded(image), { timeout: 30_000 }).toBe(800);
    await expect(image.getAttribute('alt')).resolves.toBe(CAPTIONS[0]);
    await expect(gallery.getByTestId('gallery-caption').textContent()).resolves.toBe(CAPTIONS[0]);
    await expect(gallery.getByTestId('gallery-position').textContent()).resolves.toBe('1 of 2');
    const firstUrl = (await image.getAttribute('src'))!;

    // Keyboard: the Next button, then the arrow keys, move between the images.
    const next = gallery.getByRole('button', { name: 'Next' });
    await next.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => gallery.getByTestId('gallery-caption').textContent()).toBe(CAPTIONS[1]);
    await expect.poll(() => decoded(image)).toBe(640);
    await expect(image.getAttribute('alt')).resolves.toBe(CAPTIONS[1]);
    // Focus stays on the button and is visible.
    await expect(next.evaluate((el) => el === document.activeElement && el.matches(':focus-visible'))).resolves.toBe(
      true,
    );
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => gallery.getByTestId('gallery-caption').textContent()).toBe(CAPTIONS[0]);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => gallery.getByTestId('gallery-caption').textContent()).toBe(CAPTIONS[1]);
    // The thumbnails name their screenshot.
    await gallery.getByRole('button', { name: `Screenshot 1: ${CAPTIONS[0]}` }).click();
    await expect.poll(() => gallery.getByTestId('gallery-caption').textContent()).toBe(CAPTIONS[0]);

    // Release notes: this version's section, rendered, without its script, remote image or script link.
    const row = page.getByTestId('version-1.0.0');
    await row.waitFor();
    await page.getByText('Release notes of 1.0.0').click();
    const notes = page.getByTestId('release-notes-1.0.0');
    await notes.locator('strong', { hasText: 'gallery' }).waitFor();
    const html = await notes.innerHTML();
    expect(html).toContain('<h3>Added</h3>');
    expect(html).not.toMatch(/<script|tracker\.example|javascript:|Not this version/i);
    await expect(notes.locator('img[alt="tracker pixel"]').getAttribute('src')).resolves.toBeNull();
    await expect(page.evaluate(() => (window as { __changelogRan?: boolean }).__changelogRan)).resolves.toBeUndefined();

    // A phone: the gallery fits, the page does not scroll sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await gallery.scrollIntoViewIfNeeded();
    await expect(
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).resolves.toBeLessThanOrEqual(0);
    const [frame, panel] = await Promise.all([image.boundingBox(), gallery.boundingBox()]);
    expect(frame!.x + frame!.width).toBeLessThanOrEqual(panel!.x + panel!.width + 1);
    expect(frame!.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/gallery-390.png', fullPage: true });

    // Leaving the page releases the images' blob: URLs.
    await expect(page.evaluate(loads, firstUrl)).resolves.toBe('loaded');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Discover' }).click();
    await page.getByTestId('gallery').waitFor({ state: 'detached' });
    await expect(page.evaluate(loads, firstUrl)).resolves.toBe('revoked');

    expect(offsite).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
