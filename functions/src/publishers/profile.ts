import type { PublisherDoc } from '@mlebotics/shared';
import { docs } from '../lib/documents.js';

/**
 * Keeps a publisher's public profile (name and verified badge) in step with the publisher
 * document, which names its members and is readable by them only. Whoever writes the publisher
 * (the callables, seeding, tests), the profile follows; it never carries member data.
 */
export async function syncPublisherProfile(
  publisherId: string,
  after: Pick<PublisherDoc, 'displayName' | 'verified' | 'suspended'> | undefined,
): Promise<void> {
  const ref = docs.publisherProfile(publisherId);
  if (!after) {
    await ref.delete();
    return;
  }
  await ref.set({
    displayName: after.displayName,
    verified: after.verified,
    ...(after.suspended === true ? { suspended: true as const } : {}),
  });
}
