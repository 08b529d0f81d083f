import { paths } from '@mlebotics/shared';
import type { DocumentSnapshot } from 'firebase-admin/firestore';
import { db } from '../lib/admin.js';

/**
 * Keeps a publisher's public profile (name and verified badge) in step with the publisher
 * document, which names its members and is readable by them only. Whoever writes the publisher
 * (the callables, seeding, tests), the profile follows; it never carries member data.
 */
export async function syncPublisherProfile(publisherId: string, after: DocumentSnapshot | undefined): Promise<void> {
  const ref = db.doc(paths.publisherProfile(publisherId));
  if (!after?.exists) {
    await ref.delete();
    return;
  }
  await ref.set({
    displayName: String(after.get('displayName') ?? publisherId),
    verified: after.get('verified') === true,
    ...(after.get('suspended') === true ? { suspended: true } : {}),
  });
}
