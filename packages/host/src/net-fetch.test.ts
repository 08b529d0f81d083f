import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeError } from './errors.js';
import { platformFetch, platformFetchService } from './net-fetch.js';

let server: Server;
let base: string;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url!);
    if (req.url === '/redirect') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
    else if (req.url === '/big') res.end('x'.repeat(10_000));
    else if (req.url === '/slow') setTimeout(() => res.end('late'), 5_000).unref();
    else res.writeHead(200, { 'x-dock': '4' }).end(`hello ${req.method}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});

describe('platformFetch (the platform’s and local runs’ ctx.fetch service)', () => {
  it('does not follow a redirect to another address: the 3xx comes back, nothing else is asked', async () => {
    hits.length = 0;
    const response = await platformFetch(new URL(`${base}/redirect`), {});
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('http://169.254.169.254/latest/meta-data');
    expect(hits).toEqual(['/redirect']);
  });

  it('refuses a body over the cap with a message naming the host and the cap', async () => {
    const refused = platformFetch(new URL(`${base}/big`), {}, 1000);
    await expect(refused).rejects.toBeInstanceOf(BridgeError);
    await expect(refused).rejects.toThrow(`The response from ${new URL(base).host} is larger than 1000 bytes.`);
  });

  it('is cancelled by the run’s signal, as a run that ends mid-request', async () => {
    const ended = new AbortController();
    const request = platformFetchService(
      { url: new URL(`${base}/slow`), method: 'GET', headers: {}, maxResponseBytes: 1000 },
      { signal: ended.signal },
    );
    setTimeout(() => ended.abort(), 50);
    await expect(request).rejects.toThrow(/was cancelled: the run ended before the response arrived/);
  });

  it('sends the method, headers and body it was given and returns status, headers and body', async () => {
    const response = await platformFetchService(
      { url: new URL(`${base}/ok`), method: 'PUT', headers: { 'x-a': '1' }, body: 'x', maxResponseBytes: 1000 },
      { signal: new AbortController().signal },
    );
    expect(response).toMatchObject({ status: 200, body: 'hello PUT', headers: { 'x-dock': '4' } });
  });
});
