// Accessibility (WCAG 2.2 AA): axe-core on every page and dialog of the console as each role, at
// desktop (1440×900) and phone (390×844) sizes; no horizontal scrolling at 390 px and nothing
// overflowing its card; the rating stars' contrast; touch targets; and the keyboard paths (skip
// link, the publish drop zone, focus styles, dialogs that trap focus, close on Escape and give
// focus back to their opener).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createOrg, install, paths, requestInstall, type Permission } from '@mlebotics/shared';
import { doc, serverTimestamp, setDoc } from 'firebase/firestore';
import {
  APP_URL,
  connectClient,
  createPublisher,
  createUser,
  joinOrg,
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

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const SENSORS: Permission = { name: 'sensors:read', reason: 'Reads the greenhouse temperature sensors' };
const FETCH: Permission = {
  name: 'network:fetch',
  reason: 'Uploads readings to the grower dashboard every five minutes, batched and compressed',
  hosts: ['api.grower-dashboard-with-a-very-long-host-name.example.com'],
};

const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
type Viewport = (typeof VIEWPORTS)[number];

let browser: Browser;
let publisherId: string;
let watch: string; // installed in the organization, with an update that needs new consent
let mover: string; // not installed: its page offers "Install"
let lamp: string; // not installed; the operator asked for it (a pending install request)
const users: Record<'owner' | 'operator' | 'developer' | 'admin', TestUser> = {} as never;

beforeAll(async () => {
  await resetEmulators();
  browser = await launchBrowser();
  users.developer = await createUser(`${uniqueId('dev')}@example.com`);
  publisherId = uniqueId('greenhouse');
  await createPublisher(publisherId, [users.developer.uid], true);
  const developer = await connectClient(users.developer);
  watch = `${publisherId}.thermo-watch`;
  mover = `${publisherId}.conveyor-mover`;
  lamp = `${publisherId}.dock-lamp`;
  const publish = async (id: string, overrides: Record<string, unknown>) => {
    const upload = await publishThroughUpload(developer, publisherId, await packPlugin(id, overrides as never));
    if (upload.state !== 'published') throw new Error(JSON.stringify(upload.errors));
  };
  const thermo = {
    name: 'Thermo Watch',
    description: 'Watches greenhouse temperatures and raises alarms.',
    keywords: ['temperature', 'greenhouse'],
    categories: ['sensors'],
  };
  await publish(watch, { ...thermo, version: '1.0.0', permissions: [SENSORS] });
  await publish(mover, {
    name: 'Conveyor Mover',
    description: 'Moves conveyor belts between stations on schedule.',
    keywords: ['conveyor', 'logistics'],
    categories: ['actuators'],
    version: '1.0.0',
    permissions: [SENSORS, FETCH],
  });

  users.owner = await createUser(`${uniqueId('owner')}@example.com`);
  users.operator = await createUser(`${uniqueId('operator')}@example.com`);
  users.admin = await createUser(`${uniqueId('admin')}@example.com`, { admin: true });
  const owner = await connectClient(users.owner);
  const orgId = uniqueId('farm');
  await owner.call(createOrg, { name: 'Green Farm', orgId });
  await joinOrg(owner, users.operator, orgId, 'operator');
  await owner.call(install, { orgId, pluginId: watch, grantedPermissions: [SENSORS] });
  // The owner, a member of the publisher for a while, uploaded a development build for the farm
  // (the organization page's Development builds panel and its consent dialog) and left since.
  await createPublisher(publisherId, [users.developer.uid, users.owner.uid], true);
  const probe = await packPlugin(`${publisherId}.dock-probe`, {
    name: 'Dock Probe',
    version: '0.1.0',
    permissions: [SENSORS],
  } as never);
  const development = await publishThroughUpload(owner, publisherId, probe, 'dev.tgz', orgId);
  if (development.state !== 'development-ready') throw new Error(JSON.stringify(development.errors));
  await createPublisher(publisherId, [users.developer.uid], true);
  await owner.close();
  // A newer version asking for more: the organization page offers an update with fresh consent.
  await publish(watch, { ...thermo, version: '2.0.0', permissions: [SENSORS, FETCH] });
  await publish(lamp, { name: 'Dock Lamp', version: '1.0.0' });
  await developer.close();
  // Another organization reviews the installed plugin (the owner may flag it) and the operator
  // asks for the lamp (the owner may decline).
  const neighbour = await createUser(`${uniqueId('neighbour')}@example.com`);
  const other = await connectClient(neighbour);
  const otherOrg = uniqueId('orchard');
  await other.call(createOrg, { name: 'Orchard', orgId: otherOrg });
  await other.call(install, { orgId: otherOrg, pluginId: watch, grantedPermissions: [SENSORS, FETCH] });
  await setDoc(doc(other.db, paths.review(watch, neighbour.uid)), {
    rating: 4,
    title: 'Catches every frost night',
    body: 'Alarms came on time all winter.',
    version: '2.0.0',
    orgId: otherOrg,
    createdAt: serverTimestamp(),
    updatedAt: serverTimestamp(),
  });
  await other.close();
  const operator = await connectClient(users.operator);
  await operator.call(requestInstall, { orgId, pluginId: lamp, note: 'For the loading dock at night.' });
  await operator.close();
}, 300_000);

afterAll(async () => {
  console.log(`\nAccessibility checks (page × role × viewport → serious/critical violations, all violations):`);
  for (const line of checked) console.log(`  ${line}`);
  await browser?.close();
});

/** One line per page checked, printed at the end. */
const checked: string[] = [];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

async function runAxe(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the console's CSP refuses inline <script> tags.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: unknown }> } })
      .axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations as AxeViolation[];
  });
}

/** Elements that make the page wider than the viewport, widest first (none inside a scroller). */
async function horizontalOverflow(page: Page) {
  return page.evaluate(() => {
    const viewport = window.innerWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= viewport + 1) return undefined;
    const clipped = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}` +
      ` "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const offenders = [...document.body.querySelectorAll('*')]
      .map((el) => ({ el, right: el.getBoundingClientRect().right }))
      .filter(({ el, right }) => right > viewport + 1 && !clipped(el))
      .sort((a, b) => b.right - a.right);
    // The outermost offender explains the most: skip those whose parent also overflows.
    const outermost = offenders.filter(({ el }) => !offenders.some((o) => o.el === el.parentElement));
    return {
      scrollWidth,
      viewport,
      widest: outermost.slice(0, 3).map(({ el, right }) => `${describe(el)} (right edge ${Math.round(right)} px)`),
    };
  });
}

/** Panels, cards and dialogs whose content is wider than they are. */
async function overflowingCards(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.panel, .card, .dialog[open], .signin-card')]
      .filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible')
      .map((el) => {
        const heading = el.querySelector('h1, h2, h3, summary')?.textContent?.trim() ?? '';
        return `${el.className} "${heading.slice(0, 40)}" (${el.scrollWidth} px content in ${el.clientWidth} px)`;
      }),
  );
}

/** Contrast of every visible rating star glyph against the background behind it. */
async function starContrast(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = (c: string) => {
      const [r = 0, g = 0, b = 0] = rgb(c).map((v) => {
        const s = v / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const background = (el: Element): string => {
      for (let p: Element | null = el; p; p = p.parentElement) {
        const bg = getComputedStyle(p).backgroundColor;
        const alpha = rgb(bg)[3];
        if (bg !== 'transparent' && (alpha === undefined || alpha > 0)) return bg;
      }
      return 'rgb(255, 255, 255)';
    };
    return [...document.querySelectorAll('.stars > [aria-hidden="true"]')].map((glyphs) => {
      const a = luminance(getComputedStyle(glyphs).color);
      const b = luminance(background(glyphs));
      return Math.round(((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)) * 100) / 100;
    });
  });
}

/** Visible controls smaller than 24×24 px (inline links in running text are exempt). */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll(
        'button:not(.link), .button, select, input[type="radio"], input[type="checkbox"], .app-nav a, .app-user a, summary',
      ),
    ]
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 23.5 || box.height < 23.5)
      .map(
        ({ el, box }) =>
          `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}" ` +
          `${Math.round(box.width)}×${Math.round(box.height)}`,
      ),
  );
}

/** Waits until the page shows its heading and has nothing loading. */
async function settle(page: Page) {
  await page.locator('h1, main h2').first().waitFor();
  await page
    .waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0, undefined, { timeout: 15_000 })
    .catch(() => undefined);
  await page.waitForTimeout(300);
}

/**
 * With MLE_SCREENSHOTS=<folder>, every page and dialog checked is also saved there as a full-page
 * screenshot (`<label>-<viewport>.png`): the pictures a reviewer looks at, at both widths.
 */
const SCREENSHOTS = process.env.MLE_SCREENSHOTS;

/** Runs every check on the page as it is now; returns the failures. */
async function checkPage(page: Page, label: string, viewport: Viewport): Promise<string[]> {
  if (SCREENSHOTS) {
    const name = `${label.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}-${viewport.width}.png`;
    await page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: true });
  }
  const failures: string[] = [];
  const violations = await runAxe(page);
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of serious) {
    failures.push(
      `${label} [${viewport.name}]: axe ${v.id} (${v.impact}) ${v.help}: ${v.nodes
        .slice(0, 5)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
    );
  }
  const minor = violations.filter((v) => !serious.includes(v)).map((v) => `${v.id} (${v.impact})`);
  if (viewport.name === 'phone') {
    const overflow = await horizontalOverflow(page);
    if (overflow) {
      failures.push(
        `${label} [phone]: scrolls horizontally (${overflow.scrollWidth} px wide in ${overflow.viewport} px); widest: ${overflow.widest.join('; ')}`,
      );
    }
  }
  for (const card of await overflowingCards(page)) failures.push(`${label} [${viewport.name}]: overflows ${card}`);
  for (const ratio of await starContrast(page)) {
    if (ratio < 4.5) failures.push(`${label} [${viewport.name}]: rating stars contrast ${ratio}:1 (< 4.5:1)`);
  }
  for (const target of await smallTargets(page)) {
    failures.push(`${label} [${viewport.name}]: target smaller than 24×24 px: ${target}`);
  }
  checked.push(
    `${label} [${viewport.name}]: ${serious.length} serious/critical, ${violations.length} total` +
      (minor.length ? ` (minor: ${minor.join(', ')})` : ''),
  );
  return failures;
}

async function openAs(user: TestUser | undefined, viewport: Viewport): Promise<Page> {
  const { page } = await newPage(browser);
  await page.setViewportSize({ width: viewport.width, height: viewport.height });
  if (user) await signInThroughUi(page, user.email, user.password);
  return page;
}

async function visit(page: Page, path: string) {
  await page.goto(`${APP_URL}${path}`);
  await settle(page);
}

const pages = () => ({
  signedOut: ['/', `/plugins/${watch}`, `/publishers/${publisherId}`, '/signin', '/no-such-page'],
  operator: ['/', `/plugins/${watch}`, `/plugins/${mover}`, '/org', '/org/capabilities', '/invitations', '/admin'],
  owner: [`/plugins/${watch}`, '/org', '/org/capabilities', '/invitations', '/publish', '/my-plugins'],
  developer: ['/publish', '/my-plugins', `/publishers/${publisherId}`],
  admin: [
    '/',
    `/plugins/${watch}`,
    `/publishers/${publisherId}`,
    '/admin/queue',
    '/admin/reviews',
    '/admin/publishers',
    '/admin/plugins',
    '/admin/keys',
    '/admin/blocklist',
    '/admin/audit',
  ],
});

describe.each(VIEWPORTS)('accessibility at $width×$height', (viewport) => {
  it.each(['signedOut', 'operator', 'owner', 'developer', 'admin'] as const)(
    'every page as %s: no serious axe violation, no overflow, readable stars, big targets',
    async (role) => {
      const page = await openAs(role === 'signedOut' ? undefined : users[role], viewport);
      const failures: string[] = [];
      for (const path of pages()[role]) {
        await visit(page, path);
        failures.push(...(await checkPage(page, `${path} as ${role}`, viewport)));
      }
      expect(failures, failures.join('\n')).toEqual([]);
      await page.context().close();
    },
    240_000,
  );

  it('every dialog: install and update consent, development build consent, uninstall (org and plugin page), member removal, decline request, flag, ask to install, yank, deprecate, API token, admin suspend, verify, kill switch, rotate and revoke', async () => {
    const failures: string[] = [];
    /** Opens the dialog with the button, checks the page with it open, closes it with Escape. */
    const dialog = async (page: Page, button: string, title: RegExp, label: string) => {
      await page.getByRole('button', { name: button, exact: true }).first().click();
      const opened = page.getByRole('dialog', { name: title });
      await opened.waitFor();
      failures.push(...(await checkPage(page, label, viewport)));
      await page.keyboard.press('Escape');
      await opened.waitFor({ state: 'hidden' });
    };
    const owner = await openAs(users.owner, viewport);
    await visit(owner, `/plugins/${mover}`);
    await dialog(owner, 'Install in Green Farm', /^Install Conveyor Mover/, 'install consent dialog as owner');
    await visit(owner, '/org');
    await dialog(owner, 'Update', /^Update Thermo Watch/, 'update consent dialog as owner');
    await dialog(owner, 'Uninstall', /^Uninstall Thermo Watch/, 'uninstall dialog as owner');
    await dialog(owner, 'Remove', /^Remove /, 'member removal dialog as owner');
    await dialog(owner, 'Decline', /^Decline Dock Lamp/, 'decline install request dialog as owner');
    await owner.getByTestId('development-builds').getByRole('button', { name: 'Install', exact: true }).click();
    const devConsent = owner.getByRole('dialog', { name: /^Install Dock Probe \(development build #1\)/ });
    await devConsent.waitFor();
    failures.push(...(await checkPage(owner, 'development build consent dialog as owner', viewport)));
    await owner.keyboard.press('Escape');
    await devConsent.waitFor({ state: 'hidden' });
    await visit(owner, `/plugins/${watch}`);
    await dialog(owner, 'Uninstall', /^Uninstall Thermo Watch/, 'plugin page uninstall dialog as owner');
    await dialog(owner, 'Flag', /^Flag this review/, 'review flag dialog as owner');
    await owner.context().close();
    // Not a dialog but opened the same way: the operator's "Ask to install" form.
    const operator = await openAs(users.operator, viewport);
    await visit(operator, `/plugins/${mover}`);
    await operator.getByRole('button', { name: 'Ask to install', exact: true }).click();
    await operator.getByRole('form', { name: 'Ask to install' }).waitFor();
    failures.push(...(await checkPage(operator, 'ask to install form as operator', viewport)));
    await operator.context().close();
    const developer = await openAs(users.developer, viewport);
    await visit(developer, '/my-plugins');
    await dialog(developer, 'Yank', /^Yank /, 'yank dialog as developer');
    await dialog(developer, 'Deprecate', /^Deprecate /, 'deprecate dialog as developer');
    await visit(developer, `/publishers/${publisherId}`);
    await dialog(developer, 'Create token', /^Create an API token/, 'API token dialog as publisher owner');
    await developer.context().close();
    const admin = await openAs(users.admin, viewport);
    await visit(admin, '/admin/publishers');
    await dialog(admin, 'Suspend', /^Suspend this publisher/, 'publisher suspension dialog as admin');
    await dialog(admin, 'Unverify', /^Remove the verification/, 'verification dialog as admin');
    await visit(admin, '/admin/plugins');
    await admin.getByLabel('Plugin id').fill(watch);
    await admin.getByRole('button', { name: 'Open', exact: true }).click();
    await dialog(admin, 'Revoke the whole plugin', /^Revoke /, 'kill switch dialog as admin');
    await visit(admin, '/admin/keys');
    await dialog(admin, 'Rotate signing key', /^Rotate the signing key/, 'key rotation dialog as admin');
    await dialog(admin, 'Revoke', /^Revoke this signing key/, 'key revocation dialog as admin');
    await admin.context().close();
    expect(failures, failures.join('\n')).toEqual([]);
  }, 180_000);
});

/** What has the keyboard focus: its text or label, and whether it is inside `selector`. */
const focused = (page: Page, selector = 'body') =>
  page.evaluate((inside) => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      id: el?.id ?? '',
      name: (el?.getAttribute('aria-label') || el?.textContent || '').trim(),
      inside: !!el?.closest(inside),
    };
  }, selector);

describe('keyboard', () => {
  it('the skip link is the first stop and moves focus to the main content', async () => {
    const page = await openAs(users.owner, VIEWPORTS[0]);
    await visit(page, `/plugins/${watch}`);
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('Skip to main content');
    await expect(page.getByRole('link', { name: 'Skip to main content' }).isVisible()).resolves.toBe(true);
    await page.keyboard.press('Enter');
    expect(await focused(page)).toMatchObject({ tag: 'main', id: 'main' });
    // The next Tab goes into the page, not back to the header.
    await page.keyboard.press('Tab');
    expect((await focused(page, 'main')).inside).toBe(true);
    await page.context().close();
  });

  it('every control on the main pages shows a visible focus outline with enough contrast', async () => {
    const page = await openAs(users.owner, VIEWPORTS[0]);
    const failures: string[] = [];
    for (const path of ['/', `/plugins/${watch}`, '/org']) {
      await visit(page, path);
      let stops = 0;
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        const style = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body) return undefined;
          if (el.dataset.a11ySeen) return 'wrapped' as const;
          el.dataset.a11ySeen = 'yes';
          const s = getComputedStyle(el);
          const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
          const lum = (c: string) => {
            const [r = 0, g = 0, b = 0] = rgb(c).map((v) => {
              const x = v / 255;
              return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
            });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          };
          let bg = 'rgb(255, 255, 255)';
          for (let p = el.parentElement; p; p = p.parentElement) {
            const c = getComputedStyle(p).backgroundColor;
            if (c !== 'transparent' && rgb(c)[3] !== 0) {
              bg = c;
              break;
            }
          }
          const [a, b] = [lum(s.outlineColor), lum(bg)];
          return {
            key: `${el.tagName}:${el.textContent?.slice(0, 30)}:${el.getAttribute('aria-label')}`,
            outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
            contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
            matches: el.matches(':focus-visible'),
          };
        });
        if (!style) continue;
        if (style === 'wrapped') break;
        stops++;
        if (!style.matches || !style.outline || style.contrast < 3) {
          failures.push(`${path}: ${style.key} focus outline ${JSON.stringify(style)}`);
        }
      }
      expect(stops, `${path}: tab stops`).toBeGreaterThan(3);
    }
    expect(failures, failures.join('\n')).toEqual([]);
    await page.context().close();
  });

  it('the publish drop zone opens the file picker with Enter and with Space', async () => {
    // Chromium's file chooser event is unreliable on a loaded machine, so the test watches what the
    // drop zone does to open it: a click on its file input, made while the key press's user
    // activation is live (the browser refuses the picker without one).
    const page = await openAs(users.developer, VIEWPORTS[0]);
    await visit(page, '/publish');
    await page.getByTestId('package-input').evaluate((input: HTMLInputElement) => {
      const w = window as unknown as { pickerOpens: boolean[] };
      w.pickerOpens = [];
      input.click = () => {
        w.pickerOpens.push(navigator.userActivation.isActive);
      };
    });
    const zone = page.getByRole('button', { name: /^Drop a \.tgz here/ });
    for (const key of ['Enter', 'Space']) {
      await zone.focus();
      await page.keyboard.press(key);
    }
    const opens = await page.evaluate(() => (window as unknown as { pickerOpens: boolean[] }).pickerOpens);
    expect(opens, 'Enter then Space: one file picker each, each with user activation').toEqual([true, true]);
    await page.context().close();
  });

  it('dialogs trap focus, close on Escape and give focus back to the button that opened them', async () => {
    for (const viewport of VIEWPORTS) {
      const page = await openAs(users.owner, viewport);
      await visit(page, `/plugins/${mover}`);
      const opener = page.getByRole('button', { name: 'Install in Green Farm' });
      await opener.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: /^Install Conveyor Mover/ });
      await dialog.waitFor();
      expect((await focused(page, 'dialog[open]')).inside).toBe(true);
      // Forwards and backwards past both ends: focus never leaves the dialog.
      for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
        await page.keyboard.press(key);
        const now = await focused(page, 'dialog[open]');
        expect(now.inside, `after ${key}: focus on ${now.tag} "${now.name}"`).toBe(true);
      }
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      expect((await focused(page)).name).toBe('Install in Green Farm');

      // Cancel returns focus too, and the dialog opens again.
      await page.keyboard.press('Enter');
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).press('Enter');
      await dialog.waitFor({ state: 'hidden' });
      expect((await focused(page)).name).toBe('Install in Green Farm');

      // Escape and at once Enter: the browser's late close event of the first must not close the
      // second.
      await page.keyboard.press('Enter');
      await dialog.waitFor();
      await page.keyboard.press('Escape');
      await page.keyboard.press('Enter');
      await dialog.waitFor();
      await page.waitForTimeout(300);
      expect(await dialog.isVisible(), 'the reopened dialog stays open').toBe(true);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      await page.context().close();
    }
  });
});
