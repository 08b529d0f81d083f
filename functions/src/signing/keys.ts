import type { TrustedKey } from '@mlebotics/shared';
import { FieldValue, type Transaction } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import { cols, docs } from '../lib/documents.js';
import type { SigningKeyInfo } from './signer.js';

/**
 * Publishes the signer's public key in `signingKeys/{keyId}` before its first signature, and
 * refuses a revoked key (checked before every signature, so a revocation takes effect at once).
 * A new key id is a rotation: it becomes `active` and the previously active keys become
 * `retired` (their signatures still verify). A revoked key is never re-activated.
 */
export async function ensureKeyPublished(key: SigningKeyInfo): Promise<void> {
  // The common case is a plain read; the transaction (which reads every active key and so
  // serializes concurrent publishes) only runs for a key seen for the first time.
  const current = (await docs.signingKey(key.keyId).get()).data();
  if (current) {
    if (current.status === 'revoked') {
      throw new Error(`Signing key ${key.keyId} has been revoked; configure a new key before publishing.`);
    }
    return;
  }
  await db.runTransaction(async (tx) => {
    await activateKey(tx, key);
  });
}

/**
 * Inside a transaction: publishes `key` as the active key and retires the previously active ones
 * (their signatures still verify). Nothing changes for a key already published; a revoked key
 * is refused. Returns the ids of the keys it retired.
 */
export async function activateKey(tx: Transaction, key: SigningKeyInfo): Promise<string[]> {
  const ref = docs.signingKey(key.keyId);
  const [snap, active] = await Promise.all([tx.get(ref), tx.get(cols.signingKeys().where('status', '==', 'active'))]);
  const existing = snap.data();
  if (existing) {
    if (existing.status === 'revoked') {
      throw new Error(`Signing key ${key.keyId} has been revoked; configure a new key before publishing.`);
    }
    return [];
  }
  for (const other of active.docs) tx.update(other.ref, { status: 'retired', retiredAt: FieldValue.serverTimestamp() });
  tx.create(ref, {
    keyId: key.keyId,
    algorithm: 'ECDSA_P256_SHA256',
    publicKeyPem: key.publicKeyPem,
    source: key.source,
    ...(key.kmsKeyVersion ? { kmsKeyVersion: key.kmsKeyVersion } : {}),
    status: 'active',
    createdAt: FieldValue.serverTimestamp(),
  });
  return active.docs.map((d) => d.id);
}

/** Every published key, as verifiers take them. */
export async function trustedKeys(): Promise<TrustedKey[]> {
  const snap = await cols.signingKeys().get();
  return snap.docs.map((d) => {
    const { publicKeyPem, status } = d.data();
    return { keyId: d.id, publicKeyPem, status };
  });
}
