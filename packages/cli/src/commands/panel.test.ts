import { panelCsp } from '@mlebotics/shared';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPanelServer, type PanelServer } from './panel-server.js';

const FLEET = fileURLToPath(new URL('../../../../examples/fleet-dashboard/', import.meta.url));
let tmp: string;
let storage: string;
let server: PanelServer;
const calls: string[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'mle-panel-'));
  storage = path.join(tmp, 'storage.json');
  await writeFile(storage, JSON.stringify({ note: 'berth 4' }));
  server = await startPanelServer({ dir: FLEET, storageFile: storage, onCall: (line) => calls.push(line) });
});
afterAll(async () => {
  await server?.close();
  await rm(tmp, { recursive: true, force: true });
});

const bridge = (method: string, params: unknown) =>
  fetch(new URL('/bridge', server.url), { method: 'POST', body: JSON.stringify({ method, params }) }).then(
    (r) => r.json() as Promise<{ result?: unknown; error?: string }>,
  );

describe('mlebotics-plugin panel', { timeout: 60_000 }, () => {
  it('frames the panel from another origin with the platform’s sandbox attribute', async () => {
    const page = await (await fetch(server.url)).text();
    const hostPort = new URL(server.url).port;
    expect(new URL(server.panelOrigin).port).not.toBe(hostPort);
    expect(page).toContain(
      `src="${server.panelOrigin}/panel.html" sandbox="allow-scripts" referrerpolicy="no-referrer"`,
    );
  });

  it('serves the panel’s files with the platform’s CSP (frame-ancestors: the host page) and headers', async () => {
    const response = await fetch(`${server.panelOrigin}/panel.html`);
    expect(response.status).toBe(200);
    const port = new URL(server.url).port;
    const csp = panelCsp(server.granted, `http://127.0.0.1:${port} http://localhost:${port}`);
    expect(response.headers.get('content-security-policy')).toBe(csp);
    expect(csp).toContain("connect-src 'none'");
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<h1>Fleet status</h1>');
  });

  it('serves only what the package holds: not the manifest’s neighbours left out by pack, not paths outside', async () => {
    expect((await fetch(`${server.panelOrigin}/.mlebotics/storage.json`)).status).toBe(404);
    expect((await fetch(`${server.panelOrigin}/../../etc/passwd`)).status).toBe(404);
    expect((await fetch(`${server.panelOrigin}/panel.html`, { method: 'POST' })).status).toBe(405);
  });

  it('answers the bridge as the platform: granted methods from the local storage, others refused with the reason', async () => {
    expect(await bridge('storage.get', { key: 'note' })).toEqual({ result: 'berth 4' });
    expect(await bridge('storage.get', { key: 'missing' })).toEqual({ result: null });
    expect(await bridge('sensors.read', { sensorId: 'x' })).toEqual({
      error: 'sensors.read needs the sensors:read permission, which botworks.fleet-dashboard was not granted.',
    });
    expect(await bridge('storage.set', { key: 'k' })).toEqual({
      error: 'storage.set needs a value (use storage.delete to remove a key).',
    });
    expect(await bridge('process.exit', {})).toEqual({ error: 'process.exit is not a panel bridge method.' });
  });

  it('round trip in a real browser: the framed panel reads and writes the storage file over postMessage', async () => {
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
      });
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(server.url);
      const panel = page.frameLocator('#panel');
      await expect.poll(() => panel.locator('#note').inputValue(), { timeout: 15_000 }).toBe('berth 4');
      await panel.locator('#note').fill('berth 9');
      await panel.locator('#save').click();
      await expect.poll(() => panel.locator('#saved').textContent(), { timeout: 15_000 }).toBe('saved');
      expect(JSON.parse(await readFile(storage, 'utf8'))).toEqual({ note: 'berth 9' });
      expect(errors).toEqual([]);
    } finally {
      await browser?.close();
    }
  });
});
