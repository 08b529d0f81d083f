import { assertFails, assertSucceeds, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { paths } from '@mlebotics/shared';
import { RULES_PROJECT_ID, rulesEnvironment, wipeFirestore } from '@mlebotics/testing';
import {
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  limit,
  orderBy,
  query,
  serverTimestamp,
  setDoc,
  updateDoc,
  where,
  type Firestore,
} from 'firebase/firestore';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';

/**
 * Review rules: authors are members of an organization that installed the plugin; each writes
 * only their own review and only its own fields; votes and flags are one per user and never on
 * one's own review; unpublished reviews are visible to their author, the publisher and admins.
 */
let env: RulesTestEnvironment;
const PLUGIN = 'tools.reviewed';
const PRIVATE = 'tools.internal';

const asUser = (uid: string | null, claims: Record<string, unknown> = {}): Firestore =>
  (uid
    ? env.authenticatedContext(uid, claims).firestore()
    : env.unauthenticatedContext().firestore()) as unknown as Firestore;

const review = (overrides: Record<string, unknown> = {}) => ({
  rating: 4,
  title: 'Works well',
  body: 'Saved us an hour a day.',
  version: '1.0.0',
  orgId: 'acme',
  authorName: 'Olly',
  createdAt: serverTimestamp(),
  updatedAt: serverTimestamp(),
  ...overrides,
});

beforeAll(async () => {
  env = await rulesEnvironment(RULES_PROJECT_ID);
});
afterAll(() => env.cleanup());

beforeEach(async () => {
  await wipeFirestore(RULES_PROJECT_ID);
  await env.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore();
    const set = (path: string, data: Record<string, unknown>) => setDoc(doc(db, path), data);
    await set(paths.org('acme'), {
      name: 'Acme',
      members: { olly: 'operator', ada: 'owner', otto: 'owner', pending: 'operator' },
      memberIds: ['olly', 'ada', 'otto', 'pending'],
    });
    await set(paths.org('globex'), { name: 'Globex', members: { gil: 'owner' }, memberIds: ['gil'] });
    await set(paths.publisher('tools'), { displayName: 'Tools', members: { dev: 'owner' }, memberIds: ['dev'] });
    await set(paths.plugin(PLUGIN), { name: 'Reviewed', visibility: 'public', publisherId: 'tools' });
    await set(paths.plugin(PRIVATE), {
      name: 'Internal',
      visibility: 'private',
      privateOrgId: 'acme',
      publisherId: 'tools',
    });
    await set(paths.install('acme', PLUGIN), { version: '1.0.0' });
    await set(paths.install('acme', PRIVATE), { version: '1.0.0' });
    await set(paths.review(PLUGIN, 'ada'), {
      ...review({ authorName: 'Ada' }),
      createdAt: new Date(),
      updatedAt: new Date(),
      status: 'published',
      helpfulCount: 0,
    });
    await set(paths.review(PLUGIN, 'pending'), { ...review(), createdAt: new Date(), updatedAt: new Date() });
    await set(paths.review(PLUGIN, 'hidden-one'), {
      ...review(),
      createdAt: new Date(),
      updatedAt: new Date(),
      status: 'hidden',
    });
    await set(paths.reviewVote(PLUGIN, 'ada', 'olly'), { at: new Date() });
  });
});

const write = (uid: string, data = review()) => setDoc(doc(asUser(uid), paths.review(PLUGIN, uid)), data);

const allowed: Array<[string, () => Promise<unknown>]> = [
  ['a member of an org that installed the plugin posts a review', () => write('olly')],
  ['an org owner posts a review', () => write('otto', review({ title: 'Owner view' }))],
  [
    'the author edits rating, title, body and version',
    () =>
      updateDoc(doc(asUser('ada'), paths.review(PLUGIN, 'ada')), {
        rating: 2,
        title: 'Changed my mind',
        body: 'Crashes',
        version: '1.1.0',
        updatedAt: serverTimestamp(),
      }),
  ],
  ['the author deletes their review', () => deleteDoc(doc(asUser('ada'), paths.review(PLUGIN, 'ada')))],
  ['anyone signed in reads a published review', () => getDoc(doc(asUser('gil'), paths.review(PLUGIN, 'ada')))],
  [
    'anyone signed in lists published reviews by date',
    () =>
      getDocs(
        query(
          collection(asUser('gil'), paths.reviews(PLUGIN)),
          where('status', '==', 'published'),
          orderBy('createdAt', 'desc'),
          limit(10),
        ),
      ),
  ],
  ['the author reads their own pending review', () => getDoc(doc(asUser('pending'), paths.review(PLUGIN, 'pending')))],
  ['a publisher member reads a pending review', () => getDoc(doc(asUser('dev'), paths.review(PLUGIN, 'pending')))],
  [
    'a marketplace admin reads a hidden review',
    () => getDoc(doc(asUser('mod', { admin: true }), paths.review(PLUGIN, 'hidden-one'))),
  ],
  [
    'a user votes a review helpful',
    () => setDoc(doc(asUser('gil'), paths.reviewVote(PLUGIN, 'ada', 'gil')), { at: serverTimestamp() }),
  ],
  ['a voter takes their vote back', () => deleteDoc(doc(asUser('olly'), paths.reviewVote(PLUGIN, 'ada', 'olly')))],
  [
    'a user flags a review with a reason',
    () => setDoc(doc(asUser('gil'), paths.reviewFlag(PLUGIN, 'ada', 'gil')), { at: serverTimestamp(), reason: 'Spam' }),
  ],
  [
    'a member reviews a plugin private to their org',
    () => setDoc(doc(asUser('olly'), paths.review(PRIVATE, 'olly')), review()),
  ],
];

const denied: Array<[string, () => Promise<unknown>]> = [
  ['an anonymous visitor posts a review', () => setDoc(doc(asUser(null), paths.review(PLUGIN, 'olly')), review())],
  [
    'a user posts a review in someone else’s name',
    () => setDoc(doc(asUser('olly'), paths.review(PLUGIN, 'ada')), review()),
  ],
  ['a user whose org did not install the plugin posts a review', () => write('gil', review({ orgId: 'globex' }))],
  ['a user claims an org they do not belong to', () => write('gil', review({ orgId: 'acme' }))],
  ['a review with rating 6', () => write('olly', review({ rating: 6 }))],
  ['a review with rating 0', () => write('olly', review({ rating: 0 }))],
  ['a review with a fractional rating', () => write('olly', review({ rating: 4.5 }))],
  ['a review longer than 2,000 characters', () => write('olly', review({ body: 'x'.repeat(2001) }))],
  ['a review without a title', () => write('olly', review({ title: '' }))],
  ['a review that publishes itself', () => write('olly', review({ status: 'published' }))],
  ['a review that pre-counts itself', () => write('olly', review({ counted: 5 }))],
  ['a review with invented helpful votes', () => write('olly', review({ helpfulCount: 1000 }))],
  ['a review with a forged creation time', () => write('olly', review({ createdAt: new Date(2020, 0, 1) }))],
  [
    'the author publishes their own pending review',
    () =>
      updateDoc(doc(asUser('pending'), paths.review(PLUGIN, 'pending')), {
        status: 'published',
        updatedAt: serverTimestamp(),
      }),
  ],
  [
    'the author changes the verifying org',
    () => updateDoc(doc(asUser('ada'), paths.review(PLUGIN, 'ada')), { orgId: 'globex', updatedAt: serverTimestamp() }),
  ],
  [
    'the author adds a publisher reply',
    () =>
      updateDoc(doc(asUser('ada'), paths.review(PLUGIN, 'ada')), {
        reply: { body: 'thanks' },
        updatedAt: serverTimestamp(),
      }),
  ],
  [
    'another user edits a review',
    () => updateDoc(doc(asUser('olly'), paths.review(PLUGIN, 'ada')), { rating: 1, updatedAt: serverTimestamp() }),
  ],
  ['another user deletes a review', () => deleteDoc(doc(asUser('gil'), paths.review(PLUGIN, 'ada')))],
  [
    'a publisher member replies by writing the review',
    () => updateDoc(doc(asUser('dev'), paths.review(PLUGIN, 'ada')), { reply: { body: 'Thanks!' } }),
  ],
  ['a stranger reads a pending review', () => getDoc(doc(asUser('gil'), paths.review(PLUGIN, 'pending')))],
  ['a stranger reads a hidden review', () => getDoc(doc(asUser('gil'), paths.review(PLUGIN, 'hidden-one')))],
  [
    'a stranger lists reviews without the published filter',
    () => getDocs(query(collection(asUser('gil'), paths.reviews(PLUGIN)), limit(10))),
  ],
  [
    'another organization reviews a private plugin',
    () => setDoc(doc(asUser('gil'), paths.review(PRIVATE, 'gil')), review({ orgId: 'globex' })),
  ],
  [
    'an author votes their own review helpful',
    () => setDoc(doc(asUser('ada'), paths.reviewVote(PLUGIN, 'ada', 'ada')), { at: serverTimestamp() }),
  ],
  [
    'a user votes in someone else’s name',
    () => setDoc(doc(asUser('gil'), paths.reviewVote(PLUGIN, 'ada', 'olly')), { at: serverTimestamp() }),
  ],
  ['a user reads someone else’s vote', () => getDoc(doc(asUser('gil'), paths.reviewVote(PLUGIN, 'ada', 'olly')))],
  [
    'an author flags their own review',
    () => setDoc(doc(asUser('ada'), paths.reviewFlag(PLUGIN, 'ada', 'ada')), { at: serverTimestamp(), reason: 'x' }),
  ],
  [
    'a flag with extra fields',
    () =>
      setDoc(doc(asUser('gil'), paths.reviewFlag(PLUGIN, 'ada', 'gil')), {
        at: serverTimestamp(),
        reason: 'x',
        weight: 100,
      }),
  ],
  [
    'a user removes a flag to unhide a review',
    () => deleteDoc(doc(asUser('gil'), paths.reviewFlag(PLUGIN, 'hidden-one', 'gil'))),
  ],
];

describe('review rules: allowed', () => {
  for (const [name, attempt] of allowed) it(name, () => assertSucceeds(attempt()));
});

describe('review rules: denied', () => {
  for (const [name, attempt] of denied) it(name, () => assertFails(attempt()));
});

describe('the review matrix', () => {
  it('has at least 25 cases', () => {
    if (allowed.length + denied.length < 25) throw new Error(`only ${allowed.length + denied.length} cases`);
  });
});
