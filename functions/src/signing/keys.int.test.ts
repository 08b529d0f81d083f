import {
  buildStatement,
  paths,
  revokeSigningKey,
  statementPayload,
  toBase64,
  verifyEnvelope,
  type DsseEnvelope,
} from '@mlebotics/shared';
import { admin, connectClient, createUser, resetEmulators, uniqueId } from '@mlebotics/testing';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureKeyPublished, trustedKeys } from './keys.js';
import { LocalSigner } from './local-signer.js';
import type { Signer } from './signer.js';
import { ActiveKeySigner, type SignerForKey } from './active-key.js';
import { signStatement } from './sign-statement.js';

let dir: string;
beforeAll(async () => {
  await resetEmulators();
  dir = await mkdtemp(path.join(os.tmpdir(), 'mle-keys-'));
});

const statementFor = (pluginId: string) =>
  buildStatement('ab'.repeat(32), {
    pluginId,
    version: '1.0.0',
    publisher: pluginId.split('.')[0]!,
    uploader: 'uid',
    uploadId: 'upload',
    manifestSha256: 'cd'.repeat(32),
    permissions: [],
    files: [],
    publishedAt: new Date().toISOString(),
  });

async function envelopeBy(signer: Signer, pluginId: string): Promise<DsseEnvelope> {
  return (await signStatement(signer, statementFor(pluginId))).envelope;
}

describe('signing keys', () => {
  it('rotate: a new key becomes active, the old one is retired and its signatures still verify', async () => {
    const first = new LocalSigner(path.join(dir, 'first.pem'));
    const second = new LocalSigner(path.join(dir, 'second.pem'));
    const old = await envelopeBy(first, 'acme.before');
    const fresh = await envelopeBy(second, 'acme.after');
    const [firstKey, secondKey] = [await first.describeKey(), await second.describeKey()];
    expect(firstKey.keyId).not.toBe(secondKey.keyId);
    expect((await admin.db.doc(paths.signingKey(firstKey.keyId)).get()).get('status')).toBe('retired');
    expect((await admin.db.doc(paths.signingKey(secondKey.keyId)).get()).get('status')).toBe('active');
    const keys = await trustedKeys();
    expect(verifyEnvelope(old, keys)).toMatchObject({ ok: true, keyId: firstKey.keyId });
    expect(verifyEnvelope(fresh, keys)).toMatchObject({ ok: true, keyId: secondKey.keyId });
  });

  it('a publish signs with the key it described, whatever rotation lands before it signs', async () => {
    const before = new LocalSigner(path.join(dir, 'pin-before.pem'));
    const after = new LocalSigner(path.join(dir, 'pin-after.pem'));
    const ids = await Promise.all([before, after].map(async (s) => (await s.describeKey()).keyId));
    const forKey: SignerForKey = async (key) => [before, after][ids.indexOf(key.keyId)];
    const active = new ActiveKeySigner(before, forKey);
    await ensureKeyPublished(await before.describeKey());
    // Publish A pins the key in force and describes it...
    const pinned = await active.pin();
    const described = await pinned.describeKey();
    // ...a rotation lands, and publish B, in the same instance, signs with the new key...
    await ensureKeyPublished(await after.describeKey());
    const during = await signStatement(active, statementFor('acme.during'));
    expect(during.key.keyId).toBe(ids[1]);
    // ...and A's signature is still made by the key it named (without pinning, B's describe
    // would have switched the key under A: the new key's signature under the old key's id).
    const { pae } = statementPayload(statementFor('acme.pinned'));
    const late: DsseEnvelope = {
      payloadType: 'application/vnd.in-toto+json',
      payload: toBase64(statementPayload(statementFor('acme.pinned')).payload),
      signatures: [{ keyid: described.keyId, sig: toBase64(await pinned.sign(pae)) }],
    };
    const keys = await trustedKeys();
    expect(described.keyId).toBe(ids[0]);
    expect(verifyEnvelope(late, keys)).toMatchObject({ ok: true, keyId: ids[0] });
    expect(verifyEnvelope(during.envelope, keys)).toMatchObject({ ok: true, keyId: ids[1] });
  });

  it('revoke: only administrators can, and a revoked key signs nothing that verifies', async () => {
    const signer = new LocalSigner(path.join(dir, 'compromised.pem'));
    const envelope = await envelopeBy(signer, 'acme.compromised');
    const { keyId } = await signer.describeKey();
    expect(verifyEnvelope(envelope, await trustedKeys()).ok).toBe(true);

    const user = await connectClient(await createUser(`${uniqueId('user')}@example.com`));
    await expect(user.call(revokeSigningKey, { keyId, reason: 'leaked on a laptop' })).rejects.toMatchObject({
      code: 'functions/permission-denied',
    });
    const moderator = await connectClient(await createUser(`${uniqueId('mod')}@example.com`, { admin: true }));
    await expect(
      moderator.call(revokeSigningKey, { keyId: 'mle-0000000000000000', reason: 'no such key' }),
    ).rejects.toMatchObject({
      code: 'functions/not-found',
    });
    await expect(moderator.call(revokeSigningKey, { keyId, reason: 'leaked on a laptop' })).resolves.toEqual({
      keyId,
      status: 'revoked',
    });

    expect(verifyEnvelope(envelope, await trustedKeys())).toEqual({
      ok: false,
      reason: expect.stringContaining('has been revoked'),
    });
    // The pipeline refuses to sign with a revoked key, even one it published before.
    await expect(ensureKeyPublished(await signer.describeKey())).rejects.toThrow(/has been revoked/);
    await user.close();
    await moderator.close();
  });
});
