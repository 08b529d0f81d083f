/**
 * The search feed: `searchChanges/{pluginId}` says a listing changed, and search instances catch
 * up from it before their next search. Writers that change what search shows (publish, yank,
 * deprecate, listing settings and visibility, ratings) stamp it in their own transaction, so the
 * change is searchable without waiting for a trigger; the `searchFeed` trigger stamps every
 * listing write as well (whatever wrote it), which only makes an instance read the listing again.
 */
import { FieldValue, type Transaction } from 'firebase-admin/firestore';
import { docs } from '../lib/documents.js';

/** Stamps the change inside the caller's transaction. */
export function stampSearchChange(tx: Transaction, pluginId: string): void {
  tx.set(docs.searchChange(pluginId), { at: FieldValue.serverTimestamp() });
}

/** Records that a listing changed (the feed trigger's work). */
export async function recordChange(pluginId: string): Promise<void> {
  await docs.searchChange(pluginId).set({ at: FieldValue.serverTimestamp() });
}
