import type { KeyManagementServiceClient } from '@google-cloud/kms';
import { keyIdOf, type SigningKeyDoc } from '@mlebotics/shared';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32c } from './kms-signer.js';
import { kmsRotation, localRotation } from './rotation.js';

const published = (key: Partial<SigningKeyDoc>) => ({ status: 'active', ...key }) as SigningKeyDoc;

describe('local key rotation', () => {
  it('makes a new key file beside the configured one and signs only with the keys it made', async () => {
    const keyFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'mle-rotation-')), 'key.pem');
    const rotation = localRotation(keyFile);
    const first = await rotation.createKey();
    const second = await rotation.createKey();
    expect(first.keyId).not.toBe(second.keyId);
    expect(existsSync(path.join(`${keyFile}.rotated`, `${second.keyId}.pem`))).toBe(true);
    const signer = await rotation.signerFor(published({ keyId: second.keyId, source: 'local' }));
    await expect(signer?.describeKey()).resolves.toMatchObject({ keyId: second.keyId, source: 'local' });
    // A key this backend did not make (another machine's, a KMS key) is not used.
    await expect(rotation.signerFor(published({ keyId: 'mle-0000000000000000', source: 'local' }))).resolves.toBe(
      undefined,
    );
    await expect(rotation.signerFor(published({ keyId: first.keyId, source: 'kms' }))).resolves.toBe(undefined);
  });
});

const CRYPTO_KEY = 'projects/demo/locations/global/keyRings/mlebotics/cryptoKeys/plugin-signing';
const PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();

/** A KMS client that creates version 2 in `states` order, one state per look. */
function fakeKms(states: string[], createdName = `${CRYPTO_KEY}/cryptoKeyVersions/2`) {
  const calls: string[] = [];
  const client = {
    async createCryptoKeyVersion(request: { parent: string }) {
      calls.push(`create ${request.parent}`);
      return [{ name: createdName, state: states.shift() }];
    },
    async getCryptoKeyVersion(request: { name: string }) {
      calls.push(`get ${request.name}`);
      return [{ name: request.name, state: states.shift() }];
    },
    async getPublicKey(request: { name: string }) {
      return [
        { name: request.name, pem: PEM, pemCrc32c: { value: String(crc32c(PEM)) }, algorithm: 'EC_SIGN_P256_SHA256' },
      ];
    },
  };
  return { client: client as unknown as KeyManagementServiceClient, calls };
}

describe('Cloud KMS key rotation', () => {
  it('adds a version to the configured key, waits until it is enabled and describes it', async () => {
    const { client, calls } = fakeKms(['PENDING_GENERATION', 'ENABLED']);
    const rotation = kmsRotation(client, `${CRYPTO_KEY}/cryptoKeyVersions/1`);
    await expect(rotation.createKey()).resolves.toEqual({
      keyId: keyIdOf(PEM),
      publicKeyPem: PEM,
      source: 'kms',
      kmsKeyVersion: `${CRYPTO_KEY}/cryptoKeyVersions/2`,
    });
    expect(calls).toEqual([`create ${CRYPTO_KEY}`, `get ${CRYPTO_KEY}/cryptoKeyVersions/2`]);
    // It signs with versions of its own key only.
    const own = published({ source: 'kms', kmsKeyVersion: `${CRYPTO_KEY}/cryptoKeyVersions/2` });
    const other = published({ source: 'kms', kmsKeyVersion: `${CRYPTO_KEY}-old/cryptoKeyVersions/1` });
    expect(await rotation.signerFor(own)).toBeDefined();
    expect(await rotation.signerFor(other)).toBeUndefined();
  }, 10_000);

  it('refuses a version that failed to generate, or one created under another key', async () => {
    const failed = kmsRotation(fakeKms(['GENERATION_FAILED']).client, `${CRYPTO_KEY}/cryptoKeyVersions/1`);
    await expect(failed.createKey()).rejects.toThrow(/is GENERATION_FAILED, not ENABLED/);
    const elsewhere = kmsRotation(
      fakeKms(['ENABLED'], 'projects/demo/locations/global/keyRings/x/cryptoKeys/y/cryptoKeyVersions/9').client,
      `${CRYPTO_KEY}/cryptoKeyVersions/1`,
    );
    await expect(elsewhere.createKey()).rejects.toThrow(/not a version of/);
  });
});
