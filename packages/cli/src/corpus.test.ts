import { hostileCorpus, packPlugin } from '@mlebotics/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mle-corpus-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function validateJson(bytes: Uint8Array, name: string) {
  const file = path.join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.tgz`);
  await writeFile(file, bytes);
  let out = '';
  const code = await runCli(['validate', file, '--json'], { out: (t) => (out += t), err: (t) => (out += t) });
  return {
    code,
    result: JSON.parse(out) as { ok: boolean; errors: Array<{ code: string; message: string; path?: string }> },
  };
}

const corpus = hostileCorpus('acme');

describe('mlebotics-plugin validate on the hostile corpus', () => {
  it('covers at least 30 hostile or broken packages', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
  });

  for (const hostile of corpus) {
    it(`rejects ${hostile.name} with ${hostile.code}`, async () => {
      const { code, result } = await validateJson(hostile.build(), hostile.name);
      expect(code).toBe(1);
      expect(result.ok).toBe(false);
      expect(result.errors.map((e) => e.code)).toEqual([hostile.code]);
      expect(result.errors[0]!.message.length).toBeGreaterThan(10);
    });
  }

  it('accepts a valid package and prints its manifest and sha256', async () => {
    const { code, result } = await validateJson(await packPlugin('acme.valid'), 'valid');
    expect(code).toBe(0);
    expect(result).toMatchObject({
      ok: true,
      errors: [],
      manifest: { id: 'acme.valid' },
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });
});
