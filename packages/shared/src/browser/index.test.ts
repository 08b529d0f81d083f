// Every browser pre-check ends with a verdict: the same hostile inputs as the server's reader,
// through the browser platform (DecompressionStream), which must never wait forever.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pngHeader } from '../package/image-fixtures.js';
import { validatePackageBlob } from './index.js';

const enc = new TextEncoder();
const blob = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);

async function codes(bytes: Uint8Array): Promise<string[]> {
  const result = await validatePackageBlob(blob(bytes));
  return result.errors.map((e) => e.code);
}

describe('browser pre-check verdicts', () => {
  it('a text file renamed .tgz is not gzip', async () => {
    expect(await codes(enc.encode('hello, I am a text file\n'.repeat(20)))).toEqual(['not-gzip']);
  });

  it('a PNG renamed .tgz is not gzip', async () => {
    const png = new Uint8Array(4096);
    png.set(pngHeader(640, 480));
    expect(await codes(png)).toEqual(['not-gzip']);
  });

  it('random bytes are not gzip', async () => {
    const bytes = new Uint8Array(64 * 1024).map((_, i) => (i * 2654435761) >>> 24);
    bytes[0] = 0x42;
    expect(await codes(bytes)).toEqual(['not-gzip']);
  });

  it('gzip with a damaged body ends as corrupt or truncated', async () => {
    const gz = gzipSync(Buffer.from(enc.encode('x'.repeat(10_000))));
    const damaged = Uint8Array.from(gz);
    for (let i = 12; i < damaged.length - 8; i += 3) damaged[i] = damaged[i]! ^ 0xff;
    const [code] = await codes(damaged);
    expect(['gzip-corrupt', 'gzip-truncated']).toContain(code);
  });

  it('gzip cut short is truncated', async () => {
    const gz = gzipSync(Buffer.from(enc.encode('y'.repeat(10_000))));
    const [code] = await codes(Uint8Array.from(gz.subarray(0, gz.length - 20)));
    expect(['gzip-truncated', 'gzip-corrupt']).toContain(code);
  });

  it('gzip of something that is not a tar gives a tar verdict', async () => {
    const [code] = await codes(Uint8Array.from(gzipSync(Buffer.from(enc.encode('not a tar'.repeat(100))))));
    expect(code).toMatch(/^tar-|archive|package/);
  });
});
