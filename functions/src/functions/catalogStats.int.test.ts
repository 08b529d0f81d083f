import { paths } from '@mlebotics/shared';
import { admin, eventually, resetEmulators } from '@mlebotics/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyCatalogDelta } from '../catalog/stats.js';

beforeEach(resetEmulators);

const stats = () =>
  admin.db
    .doc(paths.catalogStats())
    .get()
    .then((s) => s.data());

describe('catalogStats trigger', () => {
  it('counts plugins and public plugins as listings are written', async () => {
    await admin.db.doc(paths.plugin('acme.one')).set({ name: 'One', visibility: 'public' });
    await admin.db.doc(paths.plugin('acme.two')).set({ name: 'Two', visibility: 'private', privateOrgId: 'acme' });
    await eventually(async () => ((await stats())?.plugins === 2 ? true : undefined), 'two plugins counted');
    expect(await stats()).toMatchObject({ plugins: 2, publicPlugins: 1 });

    await admin.db.doc(paths.plugin('acme.two')).update({ visibility: 'public' });
    await eventually(
      async () => ((await stats())?.publicPlugins === 2 ? true : undefined),
      'visibility change counted',
    );
    await admin.db.doc(paths.plugin('acme.one')).delete();
    await eventually(async () => ((await stats())?.plugins === 1 ? true : undefined), 'deletion counted');
    expect(await stats()).toMatchObject({ plugins: 1, publicPlugins: 1 });
  });

  it('applies a redelivered event once', async () => {
    const after = { visibility: 'public' };
    await applyCatalogDelta('event-1', undefined, after);
    await applyCatalogDelta('event-1', undefined, after);
    expect(await stats()).toMatchObject({ plugins: 1, publicPlugins: 1 });
  });
});
