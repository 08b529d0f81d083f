import { paths } from '@mlebotics/shared';
import {
  admin,
  connectClient,
  createPublisher,
  createUser,
  eventually,
  hostileCorpus,
  packPlugin,
  publishThroughUpload,
  resetEmulators,
  uniqueId,
  type Client,
  type FinishedUpload,
  type HostileCase,
} from '@mlebotics/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let developer: Client;
let publisherId: string;
const outcomes = new Map<string, FinishedUpload>();

// Every corpus package goes through the real path: upload intent, upload to the Storage
// emulator, the Storage trigger. They run a few at a time; each test then checks its own.
beforeAll(async () => {
  await resetEmulators();
  const user = await createUser(`${uniqueId('dev')}@example.com`);
  publisherId = uniqueId('hostile');
  await createPublisher(publisherId, [user.uid]);
  developer = await connectClient(user);
  const cases = hostileCorpus(publisherId).filter((c) => !c.cliOnly);
  const queue = [...cases];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        outcomes.set(next.name, await publishThroughUpload(developer, publisherId, next.build(), `${next.name}.tgz`));
      }
    }),
  );
}, 600_000);
afterAll(() => developer?.close());

describe('hostile packages uploaded to the Storage emulator', () => {
  const cases: HostileCase[] = hostileCorpus('placeholder').filter((c) => !c.cliOnly);

  for (const hostile of cases) {
    it(`rejects ${hostile.name} with ${hostile.code}, removes it and registers nothing`, async () => {
      const upload = outcomes.get(hostile.name)!;
      expect(upload.state).toBe('rejected');
      expect(upload.errors.map((e) => e.code)).toEqual([hostile.code]);
      await eventually(
        async () => ((await admin.bucket().file(upload.objectPath).exists())[0] ? undefined : true),
        'the upload to be removed',
      );
    });
  }

  it('registered nothing for any of them', async () => {
    expect((await admin.db.doc(paths.plugin(`${publisherId}.hostile`)).get()).exists).toBe(false);
    const [registry] = await admin.bucket().getFiles({ prefix: `registry/${publisherId}.` });
    expect(registry).toEqual([]);
  });

  it('still publishes a valid package end to end afterwards', async () => {
    const upload = await publishThroughUpload(developer, publisherId, await packPlugin(`${publisherId}.fine`));
    expect(upload).toMatchObject({ state: 'published', errors: [] });
  });
});
