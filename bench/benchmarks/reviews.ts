import { createOrg, install, paths, type ListingDoc } from '@mlebotics/shared';
import {
  connectClient,
  createPublisher,
  createUser,
  packPlugin,
  publishThroughUpload,
  resetEmulators,
  uniqueId,
  type Client,
  joinOrg,
} from '@mlebotics/testing';
import { doc, onSnapshot, serverTimestamp, setDoc, updateDoc } from 'firebase/firestore';
import { distribution, type Benchmark } from '../lib.js';

const WRITES = 20;

/** Resolves with the milliseconds from `write` starting until `seen` holds for a snapshot of `path`. */
function propagation<T>(watcher: Client, path: string, write: () => Promise<unknown>, seen: (data: T) => boolean) {
  return new Promise<number>((resolve, reject) => {
    let start = 0;
    let armed = false;
    let last: unknown;
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${path} did not reach the expected state within 30 s; last seen ${JSON.stringify(last)}`));
    }, 30_000);
    const stop = onSnapshot(
      doc(watcher.db, path),
      (snapshot) => {
        last = snapshot.data();
        if (!armed || !seen(snapshot.data() as T)) return;
        clearTimeout(timer);
        stop();
        resolve(performance.now() - start);
      },
      reject,
    );
    // Wait for the listener's first snapshot round trip before writing.
    setTimeout(() => {
      armed = true;
      start = performance.now();
      write().catch(reject);
    }, 300);
  });
}

/**
 * From a review written by one operator to the new average seen by another subscribed client:
 * the rules check, the review trigger (verified-install check and blind increments), the derived
 * fields trigger (average) and the listener. Floor: an edit of a review's text seen by the same
 * subscribed client, with no trigger in between.
 */
export const reviewsPropagation: Benchmark = {
  name: 'reviews.propagation_ms',
  async run() {
    await resetEmulators();
    const dev = await createUser(`${uniqueId('dev')}@example.com`);
    const publisherId = uniqueId('bench');
    await createPublisher(publisherId, [dev.uid], false);
    const developer = await connectClient(dev);
    const pluginId = `${publisherId}.review-bench`;
    const upload = await publishThroughUpload(developer, publisherId, await packPlugin(pluginId));
    if (upload.state !== 'published') throw new Error(`bench plugin not published: ${JSON.stringify(upload.errors)}`);
    await developer.close();

    const ownerUser = await createUser(`${uniqueId('owner')}@example.com`);
    const owner = await connectClient(ownerUser);
    const orgId = uniqueId('bench-org');
    await owner.call(createOrg, { name: 'Bench org', orgId });
    await owner.call(install, { orgId, pluginId, grantedPermissions: [] });
    const reviewers: Client[] = [];
    for (let i = 0; i < WRITES; i++) {
      const user = await createUser(`${uniqueId('reviewer')}@example.com`);
      await joinOrg(owner, user, orgId, 'operator');
      reviewers.push(await connectClient(user));
    }
    const watcher = await connectClient(await createUser(`${uniqueId('watcher')}@example.com`));

    const samples: number[] = [];
    let sum = 0;
    for (let i = 0; i < WRITES; i++) {
      const rating = (i % 5) + 1;
      sum += rating;
      const expected = Math.round((sum / (i + 1)) * 100) / 100;
      const reviewer = reviewers[i]!;
      samples.push(
        await propagation<ListingDoc>(
          watcher,
          paths.plugin(pluginId),
          () =>
            setDoc(doc(reviewer.db, paths.review(pluginId, reviewer.uid!)), {
              rating,
              title: `Review ${i}`,
              body: 'Benchmark review.',
              version: '1.0.0',
              orgId,
              createdAt: serverTimestamp(),
              updatedAt: serverTimestamp(),
            }),
          (listing) => listing?.rating?.count === i + 1 && listing.rating.average === expected,
        ),
      );
    }

    const floorSamples: number[] = [];
    const author = reviewers[0]!;
    const floorPath = paths.review(pluginId, author.uid!);
    for (let i = 0; i < WRITES; i++) {
      floorSamples.push(
        await propagation<{ body: string }>(
          // Only its author reads a review document: the floor is the author's own edit.
          author,
          floorPath,
          () => updateDoc(doc(author.db, floorPath), { body: `Edit ${i}`, updatedAt: serverTimestamp() }),
          (data) => data?.body === `Edit ${i}`,
        ),
      );
    }
    await Promise.all([owner, watcher, ...reviewers].map((c) => c.close()));
    return [
      distribution('reviews.propagation_ms', 'ms', samples, {
        floorSamples,
        goal: 'p95 < 1000',
        note: `${WRITES} reviews by distinct operators, each until a second subscribed client sees the new average; floor: a review text edit seen by the same client with no trigger in between`,
      }),
    ];
  },
};
