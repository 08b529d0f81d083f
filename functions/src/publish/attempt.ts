// One attempt at processing an upload: its lease on the upload document, and how it ends in a
// rejection. Every step that writes checks that this attempt still holds the lease.
import { type ScanResult, type UploadState, type ValidationIssue } from '@mlebotics/shared';
import { FieldValue, Timestamp, type Transaction, type UpdateData } from 'firebase-admin/firestore';
import { logger } from 'firebase-functions';
import { randomUUID } from 'node:crypto';
import { bucket, db } from '../lib/admin.js';
import type { Stored, TypedDoc } from '../lib/documents.js';

type Upload = Stored<'upload'>;

/** Points after which tests inject a crash (the work so far is kept, the rest is redone). */
export type CrashPoint = 'validated' | 'signed' | 'copied' | 'committed';

export class SimulatedCrash extends Error {
  constructor(readonly point: CrashPoint) {
    super(`simulated crash after ${point}`);
    this.name = 'SimulatedCrash';
  }
}

/** Another attempt holds the lease: the event must be retried later, not dropped. */
export class UploadBusy extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadBusy';
  }
}

/** The package cannot be published: every issue found goes on the upload document. */
export class Rejection extends Error {
  constructor(
    readonly issues: ValidationIssue[],
    /** The upload scan's result, kept on the upload when the scan ran. */
    readonly scan: ScanResult | null = null,
  ) {
    super(issues.map((i) => i.message).join(' '));
  }
}

/** The uploaded object an attempt processes. */
export interface StoredObject {
  name: string;
  size: number;
}

export type ProcessOutcome =
  'ignored' | 'deleted-unknown' | 'already-done' | 'published' | 'in-review' | 'development-ready' | 'rejected';

export const DEFAULT_LEASE_MS = 120_000;
const storageCode = (error: unknown) => (error as { code?: number }).code;

export async function deleteObject(name: string): Promise<void> {
  await bucket()
    .file(name)
    .delete()
    .catch((error: unknown) => {
      if (storageCode(error) !== 404) throw error;
    });
}

/** One attempt at processing one upload: owns the upload document through a lease token. */
export class Attempt {
  readonly token = randomUUID();

  constructor(
    readonly ref: TypedDoc<Upload>,
    readonly object: StoredObject,
    readonly leaseMs: number,
  ) {}

  /** Keeps the lease for another leaseMs; throws UploadBusy if it was lost meanwhile. */
  async extendLease(): Promise<void> {
    await db.runTransaction(async (tx) => {
      const snap = await tx.get(this.ref);
      if (snap.data()?.lease?.token !== this.token) throw new UploadBusy('another attempt took over this upload');
      tx.update(this.ref, { 'lease.until': Timestamp.fromMillis(Date.now() + this.leaseMs) });
    });
  }

  /** Gives up the lease, if this attempt still holds it. */
  async release(): Promise<void> {
    await db.runTransaction(async (tx) => {
      const snap = await tx.get(this.ref);
      if (snap.data()?.lease?.token === this.token) tx.update(this.ref, { lease: null });
    });
  }

  /** Updates the upload document if this attempt still owns it; throws UploadBusy otherwise. */
  async advance(state: UploadState, extra: UpdateData<Upload> = {}, tx?: Transaction): Promise<void> {
    const apply = async (t: Transaction) => {
      const snap = await t.get(this.ref);
      if (snap.data()?.lease?.token !== this.token) throw new UploadBusy('another attempt took over this upload');
      const update: UpdateData<Upload> = {
        state,
        [`steps.${state}` as const]: FieldValue.serverTimestamp(),
        lease: { token: this.token, until: Timestamp.fromMillis(Date.now() + this.leaseMs) },
        ...extra,
      };
      t.update(this.ref, update);
    };
    if (tx) await apply(tx);
    else await db.runTransaction(apply);
  }
}

/** Ends the upload as rejected with every issue found, and removes the uploaded object. */
export async function reject(
  attempt: Attempt,
  issues: ValidationIssue[],
  scan: ScanResult | null = null,
): Promise<void> {
  await db.runTransaction(async (tx) => {
    const snap = await tx.get(attempt.ref);
    if (snap.data()?.lease?.token !== attempt.token) throw new UploadBusy('another attempt took over this upload');
    tx.update(attempt.ref, {
      state: 'rejected',
      'steps.rejected': FieldValue.serverTimestamp(),
      errors: issues,
      ...(scan ? { scan } : {}),
      lease: null,
    });
  });
  await deleteObject(attempt.object.name);
  logger.info('Rejected upload', { uploadId: attempt.ref.id, codes: issues.map((i) => i.code) });
}
