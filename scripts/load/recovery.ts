// After the kills: what production does to converge, done here on the emulators. Uploads whose
// trigger died are re-driven by their uploader (`retryUpload`, the console's Retry) once the dead
// attempt's lease has run out, and by the scheduled `sweepUploads` (invoked through the Functions
// emulator as Cloud Scheduler would: without a Pub/Sub emulator it is never scheduled here).
// Trigger events the emulator dropped (production redelivers them: `retry: true`) are made good by
// the administrator's `recomputeRatings`.
import { collections, converters, paths } from '@mlebotics/shared';
import { PROJECT_ID, REGION, admin, adminDoc, hosts } from '@mlebotics/testing';
import { Timestamp } from 'firebase-admin/firestore';
import { callOnce, type CallOptions } from './callable.js';
import type { Stats } from './stats.js';
import type { Member, World } from './world.js';

const PENDING = ['awaiting-upload', 'received', 'validating', 'signing'];

export interface RecoveryOptions {
  call: CallOptions;
  /** End dead attempts' leases instead of waiting them out (as the tests move time on). */
  expireLeases: boolean;
  timeoutMs: number;
}

async function pendingUploads() {
  const snap = await admin.db
    .collection(collections.uploads)
    .withConverter(converters.upload)
    .where('state', 'in', PENDING)
    .get();
  return snap.docs.map((doc) => {
    const upload = doc.data();
    return { id: doc.id, uid: upload.uid, state: upload.state, leaseUntil: upload.lease?.until.toMillis() ?? 0 };
  });
}

/** The scheduled sweep, invoked as Cloud Scheduler does (an HTTP POST to the function). */
export async function invokeSweep(): Promise<number> {
  const url = `http://${hosts.functions}/functions/projects/${PROJECT_ID}/triggers/${REGION}-sweepUploads`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-CloudScheduler-ScheduleTime': new Date().toISOString() },
    body: '{}',
  });
  await response.text();
  return response.status;
}

/**
 * Re-drives every unsettled upload until none is left; resolves with when that happened
 * (performance.now()), or throws with the uploads still pending after `timeoutMs`.
 */
export async function settleUploads(stats: Stats, world: World, options: RecoveryOptions): Promise<number> {
  const byUid = new Map<string, Member>(world.members.map((m) => [m.user.uid, m]));
  const deadline = performance.now() + options.timeoutMs;
  let lastSweep = 0;
  for (;;) {
    const pending = await pendingUploads();
    if (pending.length === 0) return performance.now();
    if (performance.now() > deadline)
      throw new Error(`uploads still pending after recovery: ${pending.map((u) => `${u.id} (${u.state})`).join(', ')}`);
    if (performance.now() - lastSweep > 30_000) {
      lastSweep = performance.now();
      const status = await invokeSweep();
      if (status >= 300) console.log(`[chaos] sweepUploads answered HTTP ${status}`);
    }
    await Promise.all(
      pending.map(async (upload) => {
        if (options.expireLeases && upload.leaseUntil > Date.now())
          await adminDoc(converters.upload, paths.upload(upload.id)).update({ 'lease.until': Timestamp.fromMillis(0) });
        else if (upload.leaseUntil > Date.now()) return; // the dead attempt still holds it
        const uploader = byUid.get(upload.uid);
        if (!uploader) return;
        await callOnce(
          stats,
          uploader.token,
          'retryUpload',
          { uploadId: upload.id },
          { ...options.call, mutates: true },
        ).catch(
          () => undefined, // counted by callOnce; tried again on the next round
        );
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** The administrator recomputes the rating aggregates of every listing (reconciling each review). */
export async function recomputeAllRatings(stats: Stats, world: World, call: CallOptions): Promise<number> {
  const listings = await admin.db.collection(collections.plugins).select().get();
  let corrected = 0;
  for (const listing of listings.docs) {
    const out = await callOnce<{ corrected: boolean }>(
      stats,
      world.admin.token,
      'recomputeRatings',
      { pluginId: listing.id },
      {
        ...call,
        mutates: true,
      },
    );
    if (out.corrected) corrected++;
  }
  return corrected;
}
