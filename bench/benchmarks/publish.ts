import { paths } from '@mlebotics/shared';
import {
  admin,
  connectClient,
  createPublisher,
  createUser,
  eventually,
  publishThroughUpload,
  resetEmulators,
  seedListing,
  uniqueId,
  type Client,
} from '@mlebotics/testing';
import { createUpload } from '@mlebotics/shared';
import { sha256Hex } from '@mlebotics/shared/node';
import { doc, onSnapshot } from 'firebase/firestore';
import { ref, uploadBytes } from 'firebase/storage';
import { distribution, warmInstances, type Benchmark } from '../lib.js';
import { realisticPackage } from './validate.js';

const MiB = 1024 * 1024;

async function eventuallyGone(paths: string[]): Promise<void> {
  await eventually(
    async () => {
      const left = await Promise.all(paths.map(async (path) => (await admin.bucket().file(path).exists())[0]));
      return left.some(Boolean) ? undefined : true;
    },
    'the warm-up objects to be handled',
    120_000,
  );
}

/** Resolves with the time at which the subscribed client first sees the document exist. */
function seen(client: Client, path: string): { when: Promise<number>; stop: () => void } {
  let stop = () => undefined as void;
  const when = new Promise<number>((resolve, reject) => {
    stop = onSnapshot(
      doc(client.db, path),
      (snap) => {
        if (snap.exists()) {
          resolve(performance.now());
          stop();
        }
      },
      reject,
    );
  });
  return { when, stop };
}

async function developerWithPublisher() {
  await resetEmulators();
  const user = await createUser(`${uniqueId('bench')}@example.com`);
  const publisherId = uniqueId('bench');
  await createPublisher(publisherId, [user.uid]);
  return { client: await connectClient(user), publisherId };
}

export const publishE2e: Benchmark = {
  name: 'publish.e2e',
  async run() {
    const { client, publisherId } = await developerWithPublisher();
    const id = `${publisherId}.e2e`;
    // The first version creates the listing (readable from then on) and warms the function.
    await publishThroughUpload(client, publisherId, await realisticPackage(MiB, id, '0.0.1'));
    const samples: number[] = [];
    for (let i = 0; i < 20; i++) {
      const version = `1.0.${i}`;
      const bytes = await realisticPackage(MiB, id, version);
      const intent = await client.call(createUpload, { publisherId, size: bytes.length, sha256: sha256Hex(bytes) });
      const watch = seen(client, paths.version(id, version));
      await uploadBytes(ref(client.storage, intent.objectPath), bytes);
      const uploaded = performance.now();
      samples.push((await watch.when) - uploaded);
    }
    // Floor: a write by the Admin SDK until the same subscribed client sees it.
    // (A whole listing: the catalogue triggers read it through its schema.)
    const floorPath = paths.plugin(`${publisherId}.floor`);
    await seedListing(`${publisherId}.floor`, { name: 'floor -1' });
    const floors: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = await new Promise<number>((resolve, reject) => {
        let t0 = 0;
        const stop = onSnapshot(
          doc(client.db, floorPath),
          (snap) => {
            if (snap.get('name') === `floor ${i}`) {
              stop();
              resolve(performance.now() - t0);
            } else if (t0 === 0) {
              t0 = performance.now();
              void admin.db.doc(floorPath).update({ name: `floor ${i}` });
            }
          },
          reject,
        );
      });
      floors.push(t);
    }
    await client.close();
    return [
      distribution('publish.e2e', 'ms', samples, {
        floorSamples: floors,
        goal: 'p95 < 2000',
        note: 'upload of a 1 MiB package completed → version document seen by the subscribed client (20 versions); floor: an Admin SDK write until the same client sees it',
      }),
    ];
  },
};

async function concurrentPublishes(name: string, samePlugin: boolean) {
  const { client, publisherId } = await developerWithPublisher();
  const idOf = (i: number) => (samePlugin ? `${publisherId}.concurrent` : `${publisherId}.concurrent-${i}`);
  if (samePlugin) await publishThroughUpload(client, publisherId, await realisticPackage(MiB, idOf(0), '0.0.1'));
  const packages = await Promise.all(Array.from({ length: 20 }, (_, i) => realisticPackage(MiB, idOf(i), `2.0.${i}`)));
  // Start 20 createUpload instances first (as production autoscaling would have them): the
  // Functions emulator starts a process per concurrent request, and 20 cold starts at once on
  // two cores measure the emulator, not the pipeline. Another user, so no quota is used.
  // warmInstances(20) makes 5 + 10 + 15 + 20 = 50 calls, and one user may have at most 20
  // announced uploads pending (MAX_PENDING_UPLOADS_PER_USER): three users, 20 calls each at most.
  const warmUsers = await Promise.all(
    [0, 1, 2].map(async (n) => {
      const user = await connectClient(await createUser(`${uniqueId('warm')}@example.com`));
      await createPublisher(`${publisherId}-warm${n}`, [user.uid!]);
      return { user, publisherId: `${publisherId}-warm${n}` };
    }),
  );
  await warmInstances(20, (i) => {
    const warm = warmUsers[Math.floor(i / 20)]!;
    return warm.user.call(createUpload, { publisherId: warm.publisherId, size: 100, sha256: 'a'.repeat(64) });
  });
  for (const warm of warmUsers) await warm.user.close();
  // The same for the storage trigger: 20 objects no intent matches (deleted at once).
  const strays: string[] = [];
  await warmInstances(20, async (i) => {
    const path = `uploads/warm/${uniqueId(`stray${i}`)}.tgz`;
    strays.push(path);
    await admin.bucket().file(path).save(Buffer.from('warm'), { resumable: false });
    await eventuallyGone([path]);
  });

  const t0 = performance.now();
  const results = await Promise.all(packages.map((bytes) => publishThroughUpload(client, publisherId, bytes)));
  const wall = performance.now() - t0;
  const published = results.filter((r) => r.state === 'published').length;
  let versions = 0;
  for (let i = 0; i < (samePlugin ? 1 : 20); i++)
    versions += (await admin.db.collection(paths.versions(idOf(i))).get()).size;
  if (samePlugin) versions -= 1;
  const listing = (await admin.db.doc(paths.plugin(idOf(19))).get()).data();
  await client.close();
  const expectedCount = samePlugin ? 21 : 1;
  if (
    published !== 20 ||
    versions !== 20 ||
    listing?.versionCount !== expectedCount ||
    listing?.latestVersion !== '2.0.19'
  ) {
    throw new Error(
      `${name} lost work: ${published} published, ${versions} version documents, listing ${JSON.stringify(listing?.versionCount)}/${listing?.latestVersion}`,
    );
  }
  const millis = (value: unknown) => (value as { toMillis(): number }).toMillis();
  const processing = results.map((r) => millis(r.steps.published) - millis(r.steps.received));
  const perUpload = distribution(name, 'ms', processing);
  return {
    name,
    unit: 'ms',
    value: Math.round(wall),
    n: 20,
    note:
      `${samePlugin ? '20 versions of one plugin' : '20 different plugins'} (1 MiB each) uploaded at once: wall time until all are published; ` +
      `checked: all 20 published, 20 version documents, listing counts and latest version exact. Each upload took p50 ${perUpload.p50} ms / p95 ${perUpload.p95} ms ` +
      'from the trigger claiming it to published; the rest is the Functions emulator starting trigger executions one after another (production scales out)',
  };
}

export const publishConcurrent20: Benchmark = {
  name: 'publish.concurrent20',
  async run() {
    return [
      await concurrentPublishes('publish.concurrent20', false),
      await concurrentPublishes('publish.concurrent20_one_plugin', true),
    ];
  },
};
