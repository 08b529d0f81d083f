import type {
  CallableParsedInput,
  SigningKeySummary,
  listSigningKeys as listSigningKeysContract,
  revokeSigningKey as revokeSigningKeyContract,
  rotateSigningKey as rotateSigningKeyContract,
} from '@mlebotics/shared';
import { FieldValue, type Timestamp } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';
import type { CallContext } from '../lib/callable.js';
import { cols, docs, groups } from '../lib/documents.js';
import { ApiError } from '../lib/errors.js';
import { configuredRotation } from '../signing/config.js';
import { activateKey } from '../signing/keys.js';
import { recordAdminAction, requireAdmin } from './audit.js';

const iso = (t: Timestamp | undefined): string | null => t?.toDate().toISOString() ?? null;
const STATUS_ORDER = { active: 0, retired: 1, revoked: 2 } as const;

/**
 * Every published signing key with the number of versions that name it as their signer: one count
 * aggregation per key over the `versions` collection group (no version is read).
 */
export async function listSigningKeys(
  _input: CallableParsedInput<typeof listSigningKeysContract>,
  context: CallContext,
): Promise<{ keys: SigningKeySummary[] }> {
  requireAdmin(context, 'can list signing keys');
  const snap = await cols.signingKeys().get();
  const keys = await Promise.all(
    snap.docs.map(async (d): Promise<SigningKeySummary> => {
      const key = d.data();
      const count = await groups.versions().where('keyId', '==', d.id).count().get();
      return {
        keyId: d.id,
        status: key.status,
        source: key.source,
        kmsKeyVersion: key.kmsKeyVersion ?? null,
        createdAt: iso(key.createdAt as Timestamp),
        retiredAt: iso(key.retiredAt as Timestamp | undefined),
        revokedAt: iso(key.revokedAt as Timestamp | undefined),
        revocationReason: key.revocationReason ?? null,
        versionsSigned: count.data().count,
      };
    }),
  );
  keys.sort(
    (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || (b.createdAt ?? '').localeCompare(a.createdAt ?? ''),
  );
  return { keys };
}

/**
 * Rotates the signing key: the backend makes a new key (a local key file in the emulator, a new
 * Cloud KMS key version in production), which is published as the active key in the same
 * transaction that retires the previous one and logs the action. Later publishes sign with it;
 * versions signed before keep verifying with the retired key.
 */
export async function rotateSigningKey(
  input: CallableParsedInput<typeof rotateSigningKeyContract>,
  context: CallContext,
) {
  requireAdmin(context, 'can rotate signing keys');
  const key = await (await configuredRotation()).createKey();
  const retired = await db.runTransaction(async (tx) => {
    const previous = await activateKey(tx, key);
    recordAdminAction(tx, context, {
      action: 'signing-key.rotate',
      targetKind: 'signing-key',
      targetId: key.keyId,
      reason: input.reason,
    });
    return previous;
  });
  return { keyId: key.keyId, retired };
}

/** Revokes a key: signatures made with it no longer verify anywhere. Logged in the same transaction. */
export async function revokeKey(keyId: string, context: Pick<CallContext, 'uid' | 'email'>, reason: string) {
  const ref = docs.signingKey(keyId);
  return db.runTransaction(async (tx) => {
    const doc = (await tx.get(ref)).data();
    if (!doc) return false;
    if (doc.status === 'revoked') return true;
    tx.update(ref, {
      status: 'revoked',
      revokedAt: FieldValue.serverTimestamp(),
      revokedBy: context.uid,
      revocationReason: reason,
    });
    recordAdminAction(tx, context, {
      action: 'signing-key.revoke',
      targetKind: 'signing-key',
      targetId: keyId,
      reason,
    });
    return true;
  });
}

/** Marketplace administrators revoke a signing key. */
export async function revokeSigningKey(
  input: CallableParsedInput<typeof revokeSigningKeyContract>,
  context: CallContext,
) {
  requireAdmin(context, 'can revoke signing keys');
  if (!(await revokeKey(input.keyId, context, input.reason))) {
    throw new ApiError('not-found', `There is no signing key ${input.keyId}.`);
  }
  return { keyId: input.keyId, status: 'revoked' as const };
}
