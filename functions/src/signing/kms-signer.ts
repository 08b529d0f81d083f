import type { KeyManagementServiceClient } from '@google-cloud/kms';
import { keyIdOf } from '@mlebotics/shared';
import CRC32C from 'crc-32/crc32c.js';
import { createHash } from 'node:crypto';
import { SignerError, type Signer, type SigningKeyInfo } from './signer.js';

/** CRC32C as an unsigned integer, as Cloud KMS reports it. */
export function crc32c(data: Uint8Array | string): number {
  const value = typeof data === 'string' ? CRC32C.str(data) : CRC32C.buf(data);
  return value >>> 0;
}

function int64(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  const inner = (value as { value?: unknown }).value ?? value;
  return Number(inner);
}

/**
 * Cloud KMS signer: `asymmetricSign` over the SHA-256 digest with the CRC32C integrity checks
 * Google documents (digest CRC sent and verified by KMS; response name and signature CRC checked
 * here), and `getPublicKey` with its PEM CRC checked.
 */
export class KmsSigner implements Signer {
  private keyInfo: Promise<SigningKeyInfo> | undefined;

  constructor(
    private readonly client: KeyManagementServiceClient,
    private readonly keyVersionName: string,
  ) {}

  describeKey(): Promise<SigningKeyInfo> {
    this.keyInfo ??= this.fetchPublicKey().catch((error: unknown) => {
      this.keyInfo = undefined;
      throw error;
    });
    return this.keyInfo;
  }

  private async fetchPublicKey(): Promise<SigningKeyInfo> {
    const [publicKey] = await this.client.getPublicKey({ name: this.keyVersionName });
    if (publicKey.name !== this.keyVersionName) {
      throw new SignerError(
        `GetPublicKey answered for ${publicKey.name}, not ${this.keyVersionName}: corrupted in transit.`,
      );
    }
    const pem = publicKey.pem ?? '';
    if (crc32c(pem) !== int64(publicKey.pemCrc32c)) {
      throw new SignerError('The public key PEM from Cloud KMS failed its CRC32C check: corrupted in transit.');
    }
    if (publicKey.algorithm !== 'EC_SIGN_P256_SHA256') {
      throw new SignerError(
        `The KMS key version uses ${String(publicKey.algorithm)}; EC_SIGN_P256_SHA256 is required.`,
      );
    }
    return { keyId: keyIdOf(pem), publicKeyPem: pem, source: 'kms', kmsKeyVersion: this.keyVersionName };
  }

  async sign(data: Uint8Array): Promise<Uint8Array> {
    const digest = createHash('sha256').update(data).digest();
    const [response] = await this.client.asymmetricSign({
      name: this.keyVersionName,
      digest: { sha256: digest },
      digestCrc32c: { value: crc32c(digest) },
    });
    if (!response.verifiedDigestCrc32c) {
      throw new SignerError('Cloud KMS did not verify the digest CRC32C: the request was corrupted in transit.');
    }
    if (response.name !== this.keyVersionName) {
      throw new SignerError(
        `AsymmetricSign answered for ${response.name}, not ${this.keyVersionName}: corrupted in transit.`,
      );
    }
    const signature =
      response.signature instanceof Uint8Array
        ? response.signature
        : Buffer.from(String(response.signature ?? ''), 'base64');
    if (crc32c(signature) !== int64(response.signatureCrc32c)) {
      throw new SignerError('The signature from Cloud KMS failed its CRC32C check: corrupted in transit.');
    }
    return signature;
  }
}
