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
  type Firestore,
} from 'firebase/firestore';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';

/**
 * Review rules: authors are members of an organization that installed the plugin; each writes
 * only their own review and only its own fields, and only they read it. The public copy, the
 * server state, votes and flags are server-written; public copies are readable by whoever sees
 * the listing, an organization's own votes and flags by its members, the state by admins.
 */
let env: RulesTestEnvironment;
const PLUGIN = 'tools.reviewed';
const PRIVATE = 'tools.internal';
const ADA = 'a'.repeat(24);

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
      ...review(),
      createdAt: new Date(),
      updatedAt: new Date(),
      status: 'published',
    });
    await set(paths.review(PLUGIN, 'pending'), { ...review(), createdAt: new Date(), updatedAt: new Date() });
    await set(paths.reviewState(PLUGIN, 'ada'), { counted: 4, status: 'published', moderation: null, reviewId: ADA });
    await set(paths.publicReview(PLUGIN, ADA), {
      rating: 4,
      title: 'Works well',
      body: 'Saved us an hour a day.',
      version: '1.0.0',
      authorName: 'Ada',
      createdAt: new Date(),
      updatedAt: new Date(),
      helpfulCount: 1,
      reply: null,
    });
    await set(paths.publicReview(PRIVATE, ADA), { rating: 4, title: 'Internal', helpfulCount: 0 });
    await set(paths.reviewReaction(PLUGIN, ADA, 'votes', 'globex'), { by: 'gil', at: new Date() });
    await set(paths.reviewReaction(PLUGIN, ADA, 'flags', 'globex'), { by: 'gil', at: new Date(), reason: 'x' });
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
  ['anyone signed in reads a public review', () => getDoc(doc(asUser('gil'), paths.publicReview(PLUGIN, ADA)))],
  ['a signed-out visitor reads a public review', () => getDoc(doc(asUser(null), paths.publicReview(PLUGIN, ADA)))],
  [
    'anyone lists public reviews by date',
    () =>
      getDocs(query(collection(asUser('gil'), paths.publicReviews(PLUGIN)), orderBy('createdAt', 'desc'), limit(10))),
  ],
  ['the author reads their own pending review', () => getDoc(doc(asUser('pending'), paths.review(PLUGIN, 'pending')))],
  [
    'a marketplace admin reads a review',
    () => getDoc(doc(asUser('mod', { admin: true }), paths.review(PLUGIN, 'ada'))),
  ],
  [
    'a marketplace admin reads the review state (moderation queue)',
    () => getDoc(doc(asUser('mod', { admin: true }), paths.reviewState(PLUGIN, 'ada'))),
  ],
  [
    'a member reads their organization’s vote',
    () => getDoc(doc(asUser('gil'), paths.reviewReaction(PLUGIN, ADA, 'votes', 'globex'))),
  ],
  [
    'a member reads their organization’s flag',
    () => getDoc(doc(asUser('gil'), paths.reviewReaction(PLUGIN, ADA, 'flags', 'globex'))),
  ],
  [
    'a member reviews a plugin private to their org',
    () => setDoc(doc(asUser('olly'), paths.review(PRIVATE, 'olly')), review()),
  ],
  [
    'a member of the private org reads its public reviews',
    () => getDoc(doc(asUser('olly'), paths.publicReview(PRIVATE, ADA))),
  ],
];

const denied: Array<[string, () => Promise<unknown>]> = [
  ['an anonymous visitor posts a review', () => setDoc(doc(asUser(null), paths.review(PLUGIN, 'olly')), review())],
  [
    'a signed-out visitor reads a review of a private plugin',
    () => getDoc(doc(asUser(null), paths.publicReview(PRIVATE, ADA))),
  ],
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
  ['a review that sets its moderation', () => write('olly', review({ moderation: null }))],
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
  [
    'anyone but the author reads the author’s review document (uid, org)',
    () => getDoc(doc(asUser('gil'), paths.review(PLUGIN, 'ada'))),
  ],
  [
    'a publisher member reads the author’s review document',
    () => getDoc(doc(asUser('dev'), paths.review(PLUGIN, 'ada'))),
  ],
  [
    'a stranger lists the authors’ review documents',
    () => getDocs(query(collection(asUser('gil'), paths.reviews(PLUGIN)), limit(10))),
  ],
  ['a stranger reads the review state', () => getDoc(doc(asUser('gil'), paths.reviewState(PLUGIN, 'ada')))],
  ['the author reads their review state', () => getDoc(doc(asUser('ada'), paths.reviewState(PLUGIN, 'ada')))],
  [
    'the author resets their review state',
    () => setDoc(doc(asUser('ada'), paths.reviewState(PLUGIN, 'ada')), { moderation: null, counted: null }),
  ],
  ['the author deletes their review state', () => deleteDoc(doc(asUser('ada'), paths.reviewState(PLUGIN, 'ada')))],
  [
    'a client writes a public review',
    () => setDoc(doc(asUser('ada'), paths.publicReview(PLUGIN, 'b'.repeat(24))), { rating: 5 }),
  ],
  [
    'a client edits a public review’s helpful count',
    () => updateDoc(doc(asUser('gil'), paths.publicReview(PLUGIN, ADA)), { helpfulCount: 1000 }),
  ],
  [
    'another organization reviews a private plugin',
    () => setDoc(doc(asUser('gil'), paths.review(PRIVATE, 'gil')), review({ orgId: 'globex' })),
  ],
  [
    'another organization reads a private plugin’s public reviews',
    () => getDoc(doc(asUser('gil'), paths.publicReview(PRIVATE, ADA))),
  ],
  [
    'a user votes directly (without the callable)',
    () =>
      setDoc(doc(asUser('gil'), paths.reviewReaction(PLUGIN, ADA, 'votes', 'globex')), {
        by: 'gil',
        at: serverTimestamp(),
      }),
  ],
  [
    'a user flags directly (without the callable)',
    () =>
      setDoc(doc(asUser('olly'), paths.reviewReaction(PLUGIN, ADA, 'flags', 'acme')), {
        by: 'olly',
        at: serverTimestamp(),
      }),
  ],
  [
    'a user removes a flag to unhide a review',
    () => deleteDoc(doc(asUser('gil'), paths.reviewReaction(PLUGIN, ADA, 'flags', 'globex'))),
  ],
  [
    'a member of another organization reads its vote',
    () => getDoc(doc(asUser('olly'), paths.reviewReaction(PLUGIN, ADA, 'votes', 'globex'))),
  ],
  [
    'a review that names its author',
    () => write('olly', review({ authorName: 'MLEbotics Marketplace Team (verified)' })),
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
