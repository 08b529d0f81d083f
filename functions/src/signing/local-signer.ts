import { keyIdOf } from '@mlebotics/shared';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readOrCreateSecretFile } from '../lib/local-file.js';
import type { Signer, SigningKeyInfo } from './signer.js';

/**
 * Local ECDSA P-256 signer for the emulator environment. Its key is generated on first use in a
 * file outside the repository (never committed) and shared by every function instance.
 */
export class LocalSigner implements Signer {
  private key: Promise<{ privateKey: KeyObject; info: SigningKeyInfo }> | undefined;

  constructor(private readonly keyFile: string) {}

  private async load(): Promise<{ privateKey: KeyObject; info: SigningKeyInfo }> {
    const pem = await readOrCreateSecretFile(this.keyFile, () =>
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    const privateKey = createPrivateKey(pem);
    const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
    return { privateKey, info: { keyId: keyIdOf(publicKeyPem), publicKeyPem, source: 'local' } };
  }

  private loaded() {
    this.key ??= this.load();
    return this.key;
  }

  async describeKey(): Promise<SigningKeyInfo> {
    return (await this.loaded()).info;
  }

  async sign(data: Uint8Array): Promise<Uint8Array> {
    const { privateKey } = await this.loaded();
    return sign('sha256', data, { key: privateKey, dsaEncoding: 'der' });
  }
}
