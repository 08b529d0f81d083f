import { paths } from '@mlebotics/shared';
import { admin, eventually, resetEmulators, seedListing, uniqueId } from '@mlebotics/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyCatalogDelta } from '../catalog/stats.js';

beforeAll(resetEmulators);

const stats = async () => {
  const data = (await admin.db.doc(paths.catalogStats()).get()).data();
  return { plugins: (data?.plugins as number) ?? 0, publicPlugins: (data?.publicPlugins as number) ?? 0 };
};
const reaches = (want: { plugins: number; publicPlugins: number }, what: string) =>
  eventually(async () => {
    const now = await stats();
    return now.plugins === want.plugins && now.publicPlugins === want.publicPlugins ? now : undefined;
  }, what);

describe('catalogStats trigger', () => {
  it('counts plugins and public plugins as listings are written', async () => {
    const start = await stats();
    const [one, two] = [uniqueId('acme.one'), uniqueId('acme.two')];
    await seedListing(one, { name: 'One', visibility: 'public' });
    await seedListing(two, { name: 'Two', visibility: 'private', privateOrgId: 'acme' });
    await reaches({ plugins: start.plugins + 2, publicPlugins: start.publicPlugins + 1 }, 'two plugins counted');
    await admin.db.doc(paths.plugin(two)).update({ visibility: 'public' });
    await reaches(
      { plugins: start.plugins + 2, publicPlugins: start.publicPlugins + 2 },
      'the visibility change counted',
    );
    await admin.db.doc(paths.plugin(one)).delete();
    await reaches({ plugins: start.plugins + 1, publicPlugins: start.publicPlugins + 1 }, 'the deletion counted');
  });

  it('applies a redelivered event once', async () => {
    // Every trigger of the writes above has been applied (the counts reached their final values),
    // and this test writes no listing: nothing else moves the counts.
    const start = await stats();
    const eventId = uniqueId('event');
    await applyCatalogDelta(eventId, undefined, { visibility: 'public' });
    await applyCatalogDelta(eventId, undefined, { visibility: 'public' });
    expect(await stats()).toEqual({ plugins: start.plugins + 1, publicPlugins: start.publicPlugins + 1 });
  });
});
