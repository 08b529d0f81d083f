/** What a signer says about its key, as published in `signingKeys/{keyId}`. */
export interface SigningKeyInfo {
  keyId: string;
  /** SPKI PEM of the ECDSA P-256 public key. */
  publicKeyPem: string;
  source: 'kms' | 'local';
  /** Full Cloud KMS key version name, for KMS keys. */
  kmsKeyVersion?: string;
}

/**
 * Signs with an ECDSA P-256 key: the signature (DER) is over SHA-256 of `data`. Cloud KMS in
 * production, a local key in the emulator environment; chosen in one place (config.ts).
 */
export interface Signer {
  describeKey(): Promise<SigningKeyInfo>;
  sign(data: Uint8Array): Promise<Uint8Array>;
  /**
   * For a signer whose key can change (the marketplace's active key): the signer of the key in
   * force now, whose `describeKey` and `sign` always agree. A signer of one key has none.
   */
  pin?(): Promise<Signer>;
}

/** The signer failed in a way that retrying later may fix (KMS unavailable, integrity check). */
export class SignerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignerError';
  }
}
