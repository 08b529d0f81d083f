import { assertFails, assertSucceeds, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { paths } from '@mlebotics/shared';
import { rulesEnvironment } from '@mlebotics/testing';
import { doc, getDoc, setDoc } from 'firebase/firestore';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';

let env: RulesTestEnvironment;

beforeAll(async () => {
  env = await rulesEnvironment();
});
afterAll(() => env.cleanup());

beforeEach(async () => {
  await env.clearFirestore();
  await env.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore();
    await setDoc(doc(db, paths.org('acme-robotics')), {
      name: 'Acme',
      members: { alice: 'owner', olly: 'operator' },
      memberIds: ['alice', 'olly'],
    });
    await setDoc(doc(db, paths.plugin('acme.public')), { name: 'Public', visibility: 'public' });
    await setDoc(doc(db, paths.plugin('acme.internal')), {
      name: 'Internal',
      visibility: 'private',
      privateOrgId: 'acme-robotics',
    });
    await setDoc(doc(db, paths.catalogStats()), { plugins: 2, publicPlugins: 1 });
  });
});

const as = (uid: string | null) =>
  uid ? env.authenticatedContext(uid).firestore() : env.unauthenticatedContext().firestore();

describe('listings', () => {
  it('lets signed-in users read public listings', () =>
    assertSucceeds(getDoc(doc(as('mallory'), paths.plugin('acme.public')))));
  it('hides listings from signed-out visitors', () => assertFails(getDoc(doc(as(null), paths.plugin('acme.public')))));
  it('shows a private listing to its organization', () =>
    assertSucceeds(getDoc(doc(as('olly'), paths.plugin('acme.internal')))));
  it('hides a private listing from other organizations', () =>
    assertFails(getDoc(doc(as('mallory'), paths.plugin('acme.internal')))));
  it('refuses client writes to listings, even by org owners', () =>
    assertFails(setDoc(doc(as('alice'), paths.plugin('acme.public')), { name: 'Hijacked', visibility: 'public' })));
});

describe('catalogue statistics', () => {
  it('are readable when signed in', () => assertSucceeds(getDoc(doc(as('mallory'), paths.catalogStats()))));
  it('are not writable by clients', () =>
    assertFails(setDoc(doc(as('alice'), paths.catalogStats()), { plugins: 1000 })));
});

describe('organizations', () => {
  it('are readable by their members', () => assertSucceeds(getDoc(doc(as('olly'), paths.org('acme-robotics')))));
  it('are hidden from non-members', () => assertFails(getDoc(doc(as('mallory'), paths.org('acme-robotics')))));
  it('cannot be written by clients', () =>
    assertFails(
      setDoc(doc(as('alice'), paths.org('acme-robotics')), {
        name: 'Acme',
        members: { alice: 'owner', mallory: 'owner' },
      }),
    ));
});
