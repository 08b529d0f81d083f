import { FieldValue, Timestamp, type Transaction } from 'firebase-admin/firestore';
import { db } from './admin.js';
import { docs } from './documents.js';

const MARKER_TTL_DAYS = 7;

/**
 * Runs `work` in a transaction at most once per event id. Event delivery is at-least-once; the
 * marker document written in the same transaction makes a redelivered event a no-op. `work`
 * must do its reads before its writes (Firestore transaction rule). Returns false for a repeat.
 * Markers carry `expireAt` for a Firestore TTL policy.
 */
export function runOnce(eventId: string, work: (tx: Transaction) => Promise<void>): Promise<boolean> {
  const marker = docs.processedEvent(eventId);
  return db.runTransaction(async (tx) => {
    if ((await tx.get(marker)).exists) return false;
    await work(tx);
    tx.set(marker, {
      processedAt: FieldValue.serverTimestamp(),
      expireAt: Timestamp.fromMillis(Date.now() + MARKER_TTL_DAYS * 86_400_000),
    });
    return true;
  });
}
