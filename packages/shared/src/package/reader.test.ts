import { createGzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PackageError } from '../errors.js';
import { nodePlatform, packFiles } from '../node/index.js';
import { readPackage } from './reader.js';

async function* chunks(bytes: Uint8Array, size = 16 * 1024) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** gzip of `total` zero bytes, produced lazily; `pulled` counts what the reader consumed. */
async function zeroBomb(total: number) {
  const gz = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gz.on('data', (d: Buffer) => parts.push(d));
  const done = new Promise((resolve) => gz.on('end', resolve));
  const block = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < total; written += block.length) gz.write(block);
  gz.end();
  await done;
  return Buffer.concat(parts);
}

describe('readPackage', () => {
  it('hands each file to a visitor in the same pass, chunk by chunk, and ends it', async () => {
    const big = Array.from({ length: 20_000 }, (_, i) => (i * 7919).toString(36)).join(' ');
    const bytes = await packFiles({ 'plugin.json': '{}', 'big.txt': big });
    const seen = new Map<string, { size: number; bytes: number; chunks: number; ended: boolean }>();
    await readPackage(chunks(bytes), nodePlatform, {
      compressedSize: bytes.length,
      visit: (path, size) => {
        const entry = { size, bytes: 0, chunks: 0, ended: false };
        seen.set(path, entry);
        return {
          write: (chunk) => {
            entry.bytes += chunk.length;
            entry.chunks += 1;
          },
          end: () => void (entry.ended = true),
        };
      },
    });
    expect(seen.get('plugin.json')).toMatchObject({ size: 2, bytes: 2, ended: true });
    expect(seen.get('big.txt')).toMatchObject({ size: big.length, bytes: big.length, ended: true });
    expect(seen.get('big.txt')!.chunks).toBeGreaterThan(1);
  });

  it('hashes the package and every file', async () => {
    const bytes = await packFiles({ 'plugin.json': '{}', 'a/b.txt': 'hello' });
    const contents = await readPackage(chunks(bytes), nodePlatform, { compressedSize: bytes.length });
    expect(contents.files).toEqual([
      { path: 'plugin.json', size: 2, sha256: '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a' },
      { path: 'a/b.txt', size: 5, sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824' },
    ]);
    expect(contents.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stops at the first violated limit without reading the rest (bounded memory)', async () => {
    // 1 GiB of zeros compresses to about 1 MiB: far over the 100x ratio limit.
    const bomb = await zeroBomb(1024 * 1024 * 1024);
    let pulled = 0;
    async function* counted() {
      for await (const chunk of chunks(bomb)) {
        pulled += chunk.length;
        yield chunk;
      }
    }
    const heapBefore = process.memoryUsage().heapUsed;
    const error = await readPackage(counted(), nodePlatform, { compressedSize: bomb.length }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackageError);
    expect((error as PackageError).code).toBe('compression-ratio-exceeded');
    // Only the compressed bytes that expand to the limit (100 x size) were read, not the whole bomb.
    expect(pulled).toBeLessThan(bomb.length);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it('keeps only what it was asked to keep, within the size it allowed', async () => {
    const bytes = await packFiles({ 'plugin.json': '{"a":1}', 'big.bin': new Uint8Array(5000), 'small.txt': 'x' });
    const contents = await readPackage(chunks(bytes), nodePlatform, {
      compressedSize: bytes.length,
      keep: (p) => (p === 'plugin.json' || p === 'big.bin' ? 100 : false),
    });
    expect([...contents.kept.keys()]).toEqual(['plugin.json']);
    expect(contents.oversized).toEqual(new Map([['big.bin', 5000]]));
  });

  it('holds the source to its announced size', async () => {
    const bytes = await packFiles({ 'plugin.json': '{}' });
    await expect(readPackage(chunks(bytes), nodePlatform, { compressedSize: bytes.length + 1 })).rejects.toMatchObject({
      code: 'package-size-mismatch',
    });
    await expect(readPackage(chunks(bytes), nodePlatform, { compressedSize: bytes.length - 1 })).rejects.toMatchObject({
      code: 'package-size-mismatch',
    });
  });

  it('packs deterministically: the same files give the same bytes', async () => {
    const files = { 'plugin.json': '{}', 'z.js': 'z', 'a.js': 'a' };
    expect(
      Buffer.compare(await packFiles(files), await packFiles({ 'a.js': 'a', 'plugin.json': '{}', 'z.js': 'z' })),
    ).toBe(0);
  });
});
