import { panelCsp } from '@mlebotics/shared';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
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

/** A bridge call as the host page makes it (JSON, with the session's secret). */
const bridge = (method: string, params: unknown) =>
  fetch(new URL('/bridge', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-mlebotics-session': server.session },
    body: JSON.stringify({ method, params }),
  }).then((r) => r.json() as Promise<{ result?: unknown; error?: string }>);

/** A raw request to a local server, with headers fetch would not let a test set (Host). */
function rawPost(url: string, headers: Record<string, string>, body: string, method = 'POST'): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end(body);
  });
}

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

  it('answers its bridge only for the host page: other sites, rebound host names and plain-text posts are refused', async () => {
    const url = new URL('/bridge', server.url).href;
    const port = new URL(server.url).port;
    const body = JSON.stringify({ method: 'storage.set', params: { key: 'note', value: 'overwritten' } });
    const json = { 'content-type': 'application/json', 'x-mlebotics-session': server.session };
    // A page on another site posting without a preflight (text/plain, no secret)...
    expect(await rawPost(url, { 'content-type': 'text/plain', origin: 'https://evil.example' }, body)).toBe(403);
    expect(await rawPost(url, { 'content-type': 'text/plain' }, body)).toBe(415);
    // ...guessing, or rebinding its own host name to 127.0.0.1...
    expect(await rawPost(url, { 'content-type': 'application/json' }, body)).toBe(403);
    expect(await rawPost(url, { ...json, 'x-mlebotics-session': 'A'.repeat(32) }, body)).toBe(403);
    expect(await rawPost(url, { ...json, host: `rebound.evil.example:${port}` }, body)).toBe(403);
    expect(await rawPost(url, { ...json, origin: 'https://evil.example' }, body)).toBe(403);
    const filesPort = new URL(server.panelOrigin).port;
    const rebound = { host: `rebound.evil.example:${filesPort}` };
    expect(await rawPost(`${server.panelOrigin}/panel.html`, rebound, '', 'GET')).toBe(403);
    // ...changed nothing.
    expect(JSON.parse(await readFile(storage, 'utf8'))).toEqual({ note: 'berth 4' });
    expect(
      await rawPost(
        url,
        { ...json, origin: `http://localhost:${port}` },
        JSON.stringify({ method: 'storage.get', params: { key: 'note' } }),
      ),
    ).toBe(200);
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
