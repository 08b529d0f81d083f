import { objectPaths } from '@mlebotics/shared';
import {
  admin,
  connectClient,
  createPublisher,
  createUser,
  packPlugin,
  publishThroughUpload,
  resetEmulators,
  uniqueId,
} from '@mlebotics/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

let dir: string;
beforeAll(async () => {
  await resetEmulators();
  dir = await mkdtemp(path.join(os.tmpdir(), 'mle-verify-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('mlebotics-plugin verify --keys-from-emulator', () => {
  it('verifies a package the marketplace published, and refuses a tampered copy', async () => {
    const user = await createUser(`${uniqueId('dev')}@example.com`);
    const publisherId = uniqueId('pub');
    await createPublisher(publisherId, [user.uid]);
    const client = await connectClient(user);
    const id = `${publisherId}.signed-tool`;
    expect((await publishThroughUpload(client, publisherId, await packPlugin(id))).state).toBe('published');
    await client.close();
    const [artifact] = await admin.bucket().file(objectPaths.artifact(id, '1.0.0')).download();
    const [envelope] = await admin.bucket().file(objectPaths.envelope(id, '1.0.0')).download();
    await writeFile(path.join(dir, 'p.tgz'), artifact);
    await writeFile(path.join(dir, 'p.dsse.json'), envelope);
    let out = '';
    const io = { out: (t: string) => (out += t), err: (t: string) => (out += t) };
    expect(
      await runCli(
        ['verify', path.join(dir, 'p.tgz'), '--envelope', path.join(dir, 'p.dsse.json'), '--keys-from-emulator'],
        io,
      ),
    ).toBe(0);
    expect(out).toContain(`${id}@1.0.0 verified`);

    // Another valid package under the same id and version: the signature does not cover it.
    await writeFile(
      path.join(dir, 'q.tgz'),
      await packPlugin(id, { description: 'A swapped build of the same version.' }),
    );
    out = '';
    expect(
      await runCli(
        ['verify', path.join(dir, 'q.tgz'), '--envelope', path.join(dir, 'p.dsse.json'), '--keys-from-emulator'],
        io,
      ),
    ).toBe(1);
    expect(out).toContain('altered');
  });
});
