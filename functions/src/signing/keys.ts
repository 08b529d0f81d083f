import { paths, collections, type TrustedKey } from '@mlebotics/shared';
import { FieldValue } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
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
  const current = await db.doc(paths.signingKey(key.keyId)).get();
  if (current.exists) {
    if (current.get('status') === 'revoked') {
      throw new Error(`Signing key ${key.keyId} has been revoked; configure a new key before publishing.`);
    }
    return;
  }
  await db.runTransaction(async (tx) => {
    const ref = db.doc(paths.signingKey(key.keyId));
    const [existing, active] = await Promise.all([
      tx.get(ref),
      tx.get(db.collection(collections.signingKeys).where('status', '==', 'active')),
    ]);
    if (existing.exists) {
      if (existing.get('status') === 'revoked') {
        throw new Error(`Signing key ${key.keyId} has been revoked; configure a new key before publishing.`);
      }
      return;
    }
    for (const other of active.docs)
      tx.update(other.ref, { status: 'retired', retiredAt: FieldValue.serverTimestamp() });
    tx.create(ref, {
      keyId: key.keyId,
      algorithm: 'ECDSA_P256_SHA256',
      publicKeyPem: key.publicKeyPem,
      source: key.source,
      ...(key.kmsKeyVersion ? { kmsKeyVersion: key.kmsKeyVersion } : {}),
      status: 'active',
      createdAt: FieldValue.serverTimestamp(),
    });
  });
}

/** Revokes a key: signatures made with it no longer verify anywhere. */
export async function revokeKey(keyId: string, byUid: string, reason: string): Promise<boolean> {
  const ref = db.doc(paths.signingKey(keyId));
  return db.runTransaction(async (tx) => {
    const doc = await tx.get(ref);
    if (!doc.exists) return false;
    tx.update(ref, {
      status: 'revoked',
      revokedAt: FieldValue.serverTimestamp(),
      revokedBy: byUid,
      revocationReason: reason,
    });
    return true;
  });
}

/** Every published key, as verifiers take them. */
export async function trustedKeys(): Promise<TrustedKey[]> {
  const snap = await db.collection(collections.signingKeys).get();
  return snap.docs.map((d) => ({
    keyId: d.id,
    publicKeyPem: String(d.get('publicKeyPem')),
    status: d.get('status') as TrustedKey['status'],
  }));
}
