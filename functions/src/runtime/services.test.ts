import { BridgeError } from '@mlebotics/plugin-host';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformServices } from './services.js';

let server: Server;
let base: string;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url!);
    if (req.url === '/redirect') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
    else if (req.url === '/big') res.end('x'.repeat(10_000));
    else res.writeHead(200, { 'x-dock': '4' }).end(`hello ${req.method}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('PlatformServices.fetch (behind the checked ctx.fetch bridge)', () => {
  const services = new PlatformServices('org', 'acme.plugin', { uid: 'u', via: 'step' });

  it('returns status, headers and body of the very URL it was given', async () => {
    const response = await services.fetch(new URL(`${base}/ok`), { method: 'POST', body: 'x' });
    expect(response).toMatchObject({ status: 200, body: 'hello POST', headers: { 'x-dock': '4' } });
  });

  it('does not follow redirects (they could leave the allow-list)', async () => {
    hits.length = 0;
    const response = await services.fetch(new URL(`${base}/redirect`), {});
    expect(response.status).toBe(302);
    expect(hits).toEqual(['/redirect']);
  });

  it('stops reading a response larger than the limit', async () => {
    await expect(services.fetch(new URL(`${base}/big`), {}, 1000)).rejects.toBeInstanceOf(BridgeError);
  });

  it('says why a request failed: refused, unknown name, cancelled by the end of the run', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(services.fetch(new URL(`http://127.0.0.1:${port}/`), {})).rejects.toThrow(
      /^ctx\.fetch of 127\.0\.0\.1:\d+ failed: the connection was refused: nothing listens on that port \(ECONNREFUSED\)\.$/,
    );
    await expect(services.fetch(new URL('https://no-such-host.invalid/'), {})).rejects.toThrow(
      /failed: its name (does not resolve \(DNS\)|could not be resolved right now)/,
    );
    const ended = new AbortController();
    ended.abort();
    await expect(services.fetch(new URL(`${base}/ok`), { signal: ended.signal })).rejects.toThrow(
      /was cancelled: the run ended before the response arrived/,
    );
  });
});
