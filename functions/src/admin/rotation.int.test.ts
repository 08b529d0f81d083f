import {
  collections,
  listSigningKeys,
  paths,
  revokeSigningKey,
  rotateSigningKey,
  verifyEnvelope,
  type DsseEnvelope,
  type TrustedKey,
} from '@mlebotics/shared';
import {
  admin,
  connectClient,
  createPublisher,
  createUser,
  packPlugin,
  publishThroughUpload,
  resetEmulators,
  uniqueId,
  type Client,
} from '@mlebotics/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let developer: Client;
let moderator: Client;
let publisherId: string;

const trustedKeys = async (): Promise<TrustedKey[]> =>
  (await admin.db.collection(collections.signingKeys).get()).docs.map((d) => ({
    keyId: d.id,
    publicKeyPem: d.get('publicKeyPem'),
    status: d.get('status'),
  }));

async function signed(pluginId: string, version: string): Promise<{ keyId: string; envelope: DsseEnvelope }> {
  const doc = (await admin.db.doc(paths.version(pluginId, version)).get()).data()!;
  return { keyId: doc.keyId, envelope: doc.envelope };
}

beforeAll(async () => {
  await resetEmulators();
  const dev = await createUser(`${uniqueId('dev')}@example.com`);
  publisherId = uniqueId('rot');
  await createPublisher(publisherId, [dev.uid]);
  developer = await connectClient(dev);
  moderator = await connectClient(await createUser(`${uniqueId('mod')}@example.com`, { admin: true }));
});
afterAll(async () => {
  await developer?.close();
  await moderator?.close();
});

describe('rotating the signing key (local signer, end to end)', () => {
  it('signs later publishes with the new key; versions signed before still verify; each key counts its versions', async () => {
    const pluginId = `${publisherId}.rotated`;
    expect((await publishThroughUpload(developer, publisherId, await packPlugin(pluginId))).state).toBe('published');
    const before = await signed(pluginId, '1.0.0');

    const rotated = await moderator.call(rotateSigningKey, { reason: 'Yearly rotation of the signing key' });
    expect(rotated.keyId).toMatch(/^mle-[0-9a-f]{16}$/);
    expect(rotated.keyId).not.toBe(before.keyId);
    expect(rotated.retired).toEqual([before.keyId]);
    expect((await admin.db.doc(paths.signingKey(before.keyId)).get()).get('status')).toBe('retired');
    expect((await admin.db.doc(paths.signingKey(rotated.keyId)).get()).get('status')).toBe('active');

    const upload = await publishThroughUpload(developer, publisherId, await packPlugin(pluginId, { version: '1.1.0' }));
    expect(upload.state).toBe('published');
    const after = await signed(pluginId, '1.1.0');
    expect(after.keyId).toBe(rotated.keyId);

    const keys = await trustedKeys();
    expect(verifyEnvelope(before.envelope, keys)).toMatchObject({ ok: true, keyId: before.keyId });
    expect(verifyEnvelope(after.envelope, keys)).toMatchObject({ ok: true, keyId: rotated.keyId });

    const { keys: listed } = await moderator.call(listSigningKeys, {});
    expect(listed.map((k) => [k.keyId, k.status, k.versionsSigned])).toEqual([
      [rotated.keyId, 'active', 1],
      [before.keyId, 'retired', 1],
    ]);
    expect(listed[1]!.retiredAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const audit = await admin.db.collection(collections.adminAudit).where('action', '==', 'signing-key.rotate').get();
    expect(audit.docs.map((d) => [d.get('targetId'), d.get('reason'), d.get('actorUid')])).toEqual([
      [rotated.keyId, 'Yearly rotation of the signing key', moderator.uid],
    ]);
  }, 300_000);

  it('revoking a key is logged once; a second revocation logs nothing', async () => {
    const { keys } = await moderator.call(listSigningKeys, {});
    const retired = keys.find((k) => k.status === 'retired')!;
    await moderator.call(revokeSigningKey, { keyId: retired.keyId, reason: 'Backup of the old key was lost' });
    await moderator.call(revokeSigningKey, { keyId: retired.keyId, reason: 'Backup of the old key was lost' });
    const { keys: now } = await moderator.call(listSigningKeys, {});
    expect(now.find((k) => k.keyId === retired.keyId)).toMatchObject({
      status: 'revoked',
      revocationReason: 'Backup of the old key was lost',
      versionsSigned: 1,
    });
    const audit = await admin.db.collection(collections.adminAudit).where('targetId', '==', retired.keyId).get();
    expect(audit.docs.map((d) => d.get('action'))).toEqual(['signing-key.revoke']);
  });
});
