import type { AdminAction, AdminAuditEntryDoc } from '@mlebotics/shared';
import { FieldValue, type Transaction } from 'firebase-admin/firestore';
import type { CallContext } from '../lib/callable.js';
import { cols } from '../lib/documents.js';
import { ApiError } from '../lib/errors.js';

/** Refuses anyone but a marketplace administrator (the `admin` custom claim). */
export function requireAdmin(context: Pick<CallContext, 'isAdmin'>, what: string): void {
  if (!context.isAdmin) throw new ApiError('permission-denied', `Only marketplace administrators ${what}.`);
}

export interface AdminActionRecord {
  action: AdminAction;
  targetKind: AdminAuditEntryDoc['targetKind'];
  targetId: string;
  reason: string | null;
}

/**
 * Appends one entry to the administrators' audit log inside the action's own transaction, so an
 * action is logged exactly when it happens. Entries are never updated or deleted: clients cannot
 * write them (rules) and no function updates them.
 */
export function recordAdminAction(
  tx: Transaction,
  context: Pick<CallContext, 'uid' | 'email'>,
  record: AdminActionRecord,
): void {
  tx.create(cols.adminAudit().doc(), {
    ...record,
    actorUid: context.uid,
    actorEmail: context.email,
    at: FieldValue.serverTimestamp(),
  });
}
