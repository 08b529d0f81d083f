// The organization page and the catalogue's honest states: members by name (not uid), removal
// only after confirmation, re-inviting a member refused as such; a result count equal to the
// cards shown, never "Loading" beside "0 plugins"; the publisher filter applied as you type;
// one listInstalled call per organization page load; and a step's own example in its JSON hint.
import { createOrg, install } from '@mlebotics/shared';
import {
  APP_URL,
  admin,
  connectClient,
  createPublisher,
  createUser,
  eventually,
  joinOrg,
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
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let browser: Browser;
let owner: TestUser;
let operator: TestUser;
let ownerClient: Client;
let orgId: string;
let mainPublisher: string;
let otherPublisher: string;
let scale: string;

const object = (properties: Record<string, unknown>) => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
});

beforeAll(async () => {
  await resetEmulators();
  browser = await launchBrowser();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  mainPublisher = uniqueId('weighing');
  otherPublisher = uniqueId('signals');
  await createPublisher(mainPublisher, [dev.uid], true);
  await createPublisher(otherPublisher, [dev.uid], true);
  const developer = await connectClient(dev);
  const publish = async (
    publisherId: string,
    id: string,
    overrides: Record<string, unknown>,
    extra: Record<string, string> = {},
  ) => {
    const upload = await publishThroughUpload(developer, publisherId, await packPlugin(id, overrides as never, extra));
    if (upload.state !== 'published') throw new Error(JSON.stringify(upload.errors));
  };
  scale = `${mainPublisher}.scale`;
  await publish(
    mainPublisher,
    scale,
    {
      name: 'Parcel Scale',
      capabilities: [
        {
          type: 'automation-step',
          id: 'weigh',
          title: 'Weigh a parcel',
          inputSchema: object({ grams: { type: 'integer' } }),
          outputSchema: object({ grams: { type: 'integer' } }),
        },
        {
          type: 'automation-step',
          id: 'label',
          title: 'Print a label',
          inputSchema: object({ address: { type: 'string' } }),
          outputSchema: object({ text: { type: 'string' } }),
        },
      ],
    },
    {
      // Every declared step is exported (the validator's code checks).
      'index.js':
        'export default { steps: { async weigh(input) { return { grams: input.grams }; }, async label(input) { return { text: input.address }; } } };\n',
    },
  );
  await publish(mainPublisher, `${mainPublisher}.uplink`, {
    name: 'Scale Uplink',
    permissions: [
      { name: 'network:fetch', reason: 'Sends weights to the warehouse system', hosts: ['wms.example.com'] },
    ],
  });
  await publish(otherPublisher, `${otherPublisher}.beacon`, { name: 'Dock Beacon' });
  await developer.close();

  owner = await createUser(`${uniqueId('owner')}@example.com`);
  operator = await createUser(`${uniqueId('operator')}@example.com`);
  ownerClient = await connectClient(owner);
  orgId = uniqueId('depot');
  await ownerClient.call(createOrg, { name: 'Parcel Depot', orgId });
  await joinOrg(ownerClient, operator, orgId, 'operator');
  await ownerClient.call(install, { orgId, pluginId: scale, version: '1.0.0', grantedPermissions: [] });
}, 300_000);

afterAll(async () => {
  await ownerClient?.close();
  await browser?.close();
});

async function signedIn(expectedConsoleErrors: RegExp[] = []): Promise<Page> {
  const { page } = await newPage(browser, { expectedConsoleErrors });
  await signInThroughUi(page, owner.email, owner.password);
  return page;
}

const cardNames = (page: Page) => page.getByTestId('plugin-card').locator('h2').allTextContents();

describe('organization page', () => {
  it('lists members by email, asks before removing (Cancel keeps them) and says a re-invited member is already one', async () => {
    // The server refuses the second invitation (409, already a member), on purpose.
    const page = await signedIn([/status of 409/]);
    await page.goto(`${APP_URL}/org`);
    const members = page.getByRole('table', { name: 'Members' });
    await members.getByText(operator.email).waitFor();
    const text = (await members.textContent()) ?? '';
    expect(text).toContain(owner.email);
    expect(text).not.toContain(operator.uid);
    expect(text).not.toContain(owner.uid);

    const row = members.getByRole('row').filter({ hasText: operator.email });
    await row.getByRole('button', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog', { name: /^Remove / });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect(row.isVisible()).resolves.toBe(true);
    expect((await admin.db.doc(`orgs/${orgId}`).get()).get(`members.${operator.uid}`)).toBe('operator');

    const invite = page.getByRole('form', { name: 'Invite a member' });
    await invite.getByLabel('Email address').fill(operator.email);
    await invite.getByRole('button', { name: 'Invite' }).click();
    await page.getByRole('alert').filter({ hasText: 'already a member' }).waitFor();
    await expect(page.getByText(/Invitation sent/).count()).resolves.toBe(0);
    await page.context().close();
  });

  it('asks the server for the installed plugins once per page load', async () => {
    const page = await signedIn();
    const calls: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && /\/listInstalled(\?|$)/.test(request.url())) calls.push(request.url());
    });
    await page.goto(`${APP_URL}/org`);
    await page.getByTestId(`installed-${scale}`).waitFor();
    // Everything else on the page settles (members, requests, policy) without asking again.
    await page.getByRole('table', { name: 'Members' }).getByText(operator.email).waitFor();
    await page.waitForTimeout(3000);
    expect(calls).toHaveLength(1);
    await page.context().close();
  });

  it('a step’s “not JSON” hint shows that step’s own example input', async () => {
    const page = await signedIn();
    await page.goto(`${APP_URL}/org/capabilities`);
    const label = page.getByTestId(`capability-${scale}/label`);
    await label.getByRole('button', { name: 'Run' }).click();
    const form = page.getByRole('form', { name: 'Run Print a label' });
    await form.getByLabel('Input (JSON)').fill('{');
    await form.getByRole('button', { name: 'Run step' }).click();
    const error = form.getByTestId('step-error');
    await expect(error.textContent()).resolves.toContain('The input is not JSON');
    // The hint names this step's input (once its schema is known), never another step's or "{}".
    await eventually(
      async () =>
        (await error.textContent())?.includes('This step takes input like {"address":"text"}') ? true : undefined,
      'the label step’s own example in the hint',
    );
    expect(await error.textContent()).not.toMatch(/grams|like \{\}/);
    await page.context().close();
  });
});

describe('catalogue', () => {
  it('counts exactly the cards a filter shows, never "Loading" beside "0 plugins"', async () => {
    const { page, context } = await newPage(browser);
    // Watches every change of the page for the contradiction, however briefly it shows.
    await context.addInitScript({
      content: `window.__contradictions = [];
        new MutationObserver(() => {
          const count = document.querySelector('[data-testid="catalog-count"]')?.textContent ?? '';
          if (/^0 plugins/.test(count) && document.body.textContent.includes('Loading plugins'))
            window.__contradictions.push(count);
        }).observe(document, { subtree: true, childList: true, characterData: true });`,
    });
    for (const path of ['/?permission=none', '/', '/?permission=network_fetch']) {
      await page.goto(`${APP_URL}${path}`);
      await page.getByTestId('plugin-card').first().waitFor();
      await eventually(async () => {
        const count = (await page.getByTestId('catalog-count').textContent()) ?? '';
        const shown = (await cardNames(page)).length;
        return count.startsWith(`${shown} plugin`) ? { count, shown } : undefined;
      }, `the count on ${path} equal to the cards shown`);
    }
    await page.goto(`${APP_URL}/?permission=none`);
    await eventually(
      async () =>
        (await cardNames(page)).sort().join() === 'Dock Beacon,Parcel Scale' &&
        (await page.getByTestId('catalog-count').textContent()) === '2 plugins match'
          ? true
          : undefined,
      'the two plugins without permissions, counted as two',
    );
    expect(await page.evaluate(() => (window as unknown as { __contradictions: string[] }).__contradictions)).toEqual(
      [],
    );
    await context.close();
  });

  it('applies the publisher filter as you type, without Enter', async () => {
    const { page, context } = await newPage(browser);
    await page.goto(`${APP_URL}/`);
    await page.getByTestId('plugin-card').first().waitFor();
    await page.getByLabel('Publisher').pressSequentially(otherPublisher, { delay: 20 });
    await page.waitForURL((url) => url.searchParams.get('publisher') === otherPublisher);
    await eventually(
      async () => ((await cardNames(page)).join() === 'Dock Beacon' ? true : undefined),
      'only the other publisher’s plugin',
    );
    await context.close();
  });
});
