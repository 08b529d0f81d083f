import { keyIdOf } from '@mlebotics/shared';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Signer, SigningKeyInfo } from './signer.js';

/**
 * Local ECDSA P-256 signer for the emulator environment. Its key is generated on first use in a
 * file outside the repository (never committed) and shared by every function instance; a
 * concurrent first use is settled by link(), which never replaces an existing key.
 */
export class LocalSigner implements Signer {
  private key: Promise<{ privateKey: KeyObject; info: SigningKeyInfo }> | undefined;

  constructor(private readonly keyFile: string) {}

  private async load(): Promise<{ privateKey: KeyObject; info: SigningKeyInfo }> {
    let pem: string;
    try {
      pem = await readFile(this.keyFile, 'utf8');
    } catch {
      await mkdir(path.dirname(this.keyFile), { recursive: true, mode: 0o700 });
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const temp = `${this.keyFile}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
      // link() refuses to replace: if another instance created the key first, theirs is kept.
      await link(temp, this.keyFile).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
      await unlink(temp);
      pem = await readFile(this.keyFile, 'utf8');
    }
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
