import type { KeyManagementServiceClient } from '@google-cloud/kms';
import type { SigningKeyDoc } from '@mlebotics/shared';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SignerForKey } from './active-key.js';
import { KmsSigner } from './kms-signer.js';
import { LocalSigner } from './local-signer.js';
import { SignerError, type Signer, type SigningKeyInfo } from './signer.js';

/** How a signing backend makes a new key and signs with the keys it made. */
export interface KeyRotation {
  /** Creates a new key and returns it (not yet published: rotateSigningKey publishes it). */
  createKey(): Promise<SigningKeyInfo>;
  signerFor: SignerForKey;
}

/**
 * Emulator keys: the configured key file, and the keys rotations made beside it in
 * `<file>.rotated/<keyId>.pem` (outside the repository like the first one).
 */
export function localRotation(keyFile: string): KeyRotation {
  const dir = `${keyFile}.rotated`;
  const signers = new Map<string, Signer>();
  return {
    async createKey() {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const temp = path.join(dir, `new-${process.pid}-${Date.now()}.pem.tmp`);
      const info = await new LocalSigner(temp).describeKey();
      await rename(temp, path.join(dir, `${info.keyId}.pem`)).catch(async (error: unknown) => {
        await rm(temp, { force: true });
        throw error;
      });
      return info;
    },
    async signerFor(key: SigningKeyDoc) {
      if (key.source !== 'local') return undefined;
      const file = path.join(dir, `${key.keyId}.pem`);
      if (!existsSync(file)) return undefined;
      let signer = signers.get(key.keyId);
      if (!signer) signers.set(key.keyId, (signer = new LocalSigner(file)));
      return signer;
    },
  };
}

const KEY_VERSION = /^(projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+)\/cryptoKeyVersions\/\d+$/;
/** How long a new Cloud KMS key version may take to be generated. */
const KMS_GENERATION_TIMEOUT_MS = 120_000;

/**
 * Cloud KMS: a rotation adds a key version to the configured key (same algorithm and protection
 * level); the signer then signs with whichever version of that key is active.
 */
export function kmsRotation(client: KeyManagementServiceClient, configuredVersion: string): KeyRotation {
  const cryptoKey = KEY_VERSION.exec(configuredVersion)?.[1];
  if (!cryptoKey) throw new Error(`KMS_KEY_VERSION is not a key version name: ${JSON.stringify(configuredVersion)}.`);
  return {
    async createKey() {
      const [created] = await client.createCryptoKeyVersion({ parent: cryptoKey, cryptoKeyVersion: {} });
      const name = created.name ?? '';
      if (!name.startsWith(`${cryptoKey}/cryptoKeyVersions/`)) {
        throw new SignerError(`Cloud KMS created ${JSON.stringify(name)}, not a version of ${cryptoKey}.`);
      }
      const deadline = Date.now() + KMS_GENERATION_TIMEOUT_MS;
      for (let state = String(created.state); state !== 'ENABLED';) {
        if (state !== 'PENDING_GENERATION' || Date.now() > deadline) {
          throw new SignerError(`The new key version ${name} is ${state}, not ENABLED; check it in Cloud KMS.`);
        }
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        state = String((await client.getCryptoKeyVersion({ name }))[0].state);
      }
      return new KmsSigner(client, name).describeKey();
    },
    async signerFor(key: SigningKeyDoc) {
      const version = key.kmsKeyVersion;
      if (key.source !== 'kms' || !version?.startsWith(`${cryptoKey}/cryptoKeyVersions/`)) return undefined;
      return new KmsSigner(client, version);
    },
  };
}
