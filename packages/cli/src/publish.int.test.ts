import { collections, createPublisherToken, paths, revokePublisherToken } from '@mlebotics/shared';
import {
  admin,
  connectClient,
  createPublisher,
  createUser,
  packPlugin,
  resetEmulators,
  uniqueId,
  type Client,
} from '@mlebotics/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { PUBLISH_EXIT } from './commands/publish.js';

// `mlebotics-plugin publish` against the emulators: the real CLI code, the deployed callables,
// the Auth, Storage and Firestore emulators and the pipeline's trigger.

let dir: string;
let owner: Client;
let publisherId: string;
let token: string;
let tokenId: string;

beforeAll(async () => {
  await resetEmulators();
  dir = await mkdtemp(path.join(os.tmpdir(), 'mle-publish-'));
  const user = await createUser(`${uniqueId('ci')}@example.com`);
  publisherId = uniqueId('cipub');
  await createPublisher(publisherId, [user.uid]);
  owner = await connectClient(user);
  const created = await owner.call(createPublisherToken, { publisherId, name: 'GitHub Actions' });
  token = created.token;
  tokenId = created.summary.tokenId;
});
afterAll(async () => {
  await owner?.close();
  await rm(dir, { recursive: true, force: true });
});

async function publish(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await runCli(['publish', ...args, '--emulators'], {
      out: (t) => (out += t),
      err: (t) => (err += t),
    });
    return { code, out, err };
  } finally {
    for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key];
  }
}

describe('mlebotics-plugin publish', () => {
  it('publishes a package with a token, printing each pipeline step, and exits 0', async () => {
    const file = path.join(dir, 'ok.tgz');
    await writeFile(file, await packPlugin(`${publisherId}.from-ci`));
    const result = await publish([file, '--token', token]);
    expect(result.code, `${result.out}\n${result.err}`).toBe(PUBLISH_EXIT.published);
    const lines = result.out.split('\n');
    const order = ['is valid locally', 'Token "GitHub Actions" accepted', '✓ Upload announced', '✓ Received'];
    order.push('✓ Validating and scanning', '✓ Signing', `✔ Published ${publisherId}.from-ci@1.0.0`);
    const at = order.map((text) => lines.findIndex((l) => l.includes(text)));
    expect(at.every((i) => i >= 0) && at.every((i, k) => k === 0 || i > at[k - 1]!), result.out).toBe(true);
    expect(result.err).toMatch(/Uploading \[█+\] 100%/);
    const version = await admin.db.doc(paths.version(`${publisherId}.from-ci`, '1.0.0')).get();
    expect(version.exists).toBe(true);
  });

  it('shows a rejection with its codes and exits 1; a token from the environment works', async () => {
    const file = path.join(dir, 'wrong-publisher.tgz');
    // Valid on its own, so only the marketplace can refuse it: its id belongs to another publisher.
    await writeFile(file, await packPlugin(`${uniqueId('elsewhere')}.tool`));
    const result = await publish([file], { MLEBOTICS_TOKEN: token });
    expect(result.code, `${result.out}\n${result.err}`).toBe(PUBLISH_EXIT.rejected);
    expect(result.err).toMatch(/✗ Rejected \+\d+\.\ds \(1 problem\)/);
    expect(result.err).toContain('✖ publisher-mismatch');
    expect(result.err).toContain('fix: Set `publisher` in `plugin.json`');
  });

  it('refuses locally invalid packages before uploading, bad tokens with 4, and usage with 2', async () => {
    const uploadIds = async () =>
      (await admin.db.collection(collections.uploads).where('publisherId', '==', publisherId).get()).docs.map(
        (d) => d.id,
      );
    const before = await uploadIds();
    const bad = path.join(dir, 'bad.tgz');
    await writeFile(bad, 'not a package');
    const invalid = await publish([bad, '--token', token]);
    expect(invalid.code).toBe(PUBLISH_EXIT.rejected);
    expect(invalid.err).toContain('nothing was uploaded:');
    // Announced while it was checked, then withdrawn: no trace, nothing pending.
    expect(await uploadIds()).toEqual(before);
    // A package whose code fails the check, announced the same way.
    const broken = path.join(dir, 'broken.tgz');
    await writeFile(broken, await packPlugin(`${publisherId}.broken`, {}, { 'index.js': 'export default {' }));
    const refused = await publish([broken, '--token', token]);
    expect(refused.code).toBe(PUBLISH_EXIT.rejected);
    expect(refused.err).toContain('module-syntax-error');
    expect(await uploadIds()).toEqual(before);

    const file = path.join(dir, 'later.tgz');
    await writeFile(file, await packPlugin(`${publisherId}.later`));
    const wrong = await publish([file, '--token', `mlep_${tokenId}_${'B'.repeat(43)}`]);
    expect(wrong.code).toBe(PUBLISH_EXIT.tokenRefused);
    expect(wrong.err).toContain('The API token is not valid');

    await owner.call(revokePublisherToken, { publisherId, tokenId });
    const revoked = await publish([file, '--token', token]);
    expect(revoked.code).toBe(PUBLISH_EXIT.tokenRefused);
    expect(revoked.err).toContain('was revoked');

    const missing = await publish([file]);
    expect(missing.code).toBe(PUBLISH_EXIT.usage);
    expect(missing.err).toContain('publish needs an API token');
  });
});
