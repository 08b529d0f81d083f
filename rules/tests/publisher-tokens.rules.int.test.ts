import { assertFails, assertSucceeds, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { collections, paths, tokenUid } from '@mlebotics/shared';
import { RULES_PROJECT_ID, rulesEnvironment, wipeFirestore } from '@mlebotics/testing';
import { collection, doc, getDoc, getDocs, setDoc, updateDoc, type Firestore } from 'firebase/firestore';
import { afterAll, beforeAll, describe, it } from 'vitest';

/**
 * Publisher API tokens under the Firestore rules: their records are server-only (not even the
 * publisher's owners read them: they list them through a callable that leaves the hash out), and
 * a token's identity reads its own uploads and nothing a member could.
 */
let env: RulesTestEnvironment;
const TOKEN_ID = 'Ab3dEf6hIj9kLm2nOp5q';
const TOKEN = tokenUid(TOKEN_ID);
const CLAIMS = { publisherToken: TOKEN_ID, publisherId: 'botworks' };

beforeAll(async () => {
  env = await rulesEnvironment(RULES_PROJECT_ID);
  await wipeFirestore(RULES_PROJECT_ID);
  await env.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore();
    const set = (path: string, data: Record<string, unknown>) => setDoc(doc(db, path), data);
    await set(paths.publisher('botworks'), { displayName: 'Botworks', members: { dev: 'owner' }, memberIds: ['dev'] });
    await set(paths.publisherToken(TOKEN_ID), { publisherId: 'botworks', secretSha256: 'e'.repeat(64) });
    await set(paths.upload('by-token'), { uid: TOKEN, state: 'validating' });
    await set(paths.upload('by-dev'), { uid: 'dev', state: 'validating' });
    await set(paths.plugin('botworks.internal'), {
      visibility: 'private',
      privateOrgId: 'acme',
      publisherId: 'botworks',
    });
  });
});
afterAll(() => env.cleanup());

const as = (uid: string, claims: Record<string, unknown> = {}): Firestore =>
  env.authenticatedContext(uid, claims).firestore() as unknown as Firestore;
const token = () => as(TOKEN, CLAIMS);

describe('publisher token rules', () => {
  it('let the token identity read its own upload', async () => {
    await assertSucceeds(getDoc(doc(token(), paths.upload('by-token'))));
  });

  it.each([
    ['the owner reads a token record', () => getDoc(doc(as('dev'), paths.publisherToken(TOKEN_ID)))],
    ['the owner lists token records', () => getDocs(collection(as('dev'), collections.publisherTokens))],
    [
      'the owner changes a token record',
      () => updateDoc(doc(as('dev'), paths.publisherToken(TOKEN_ID)), { revokedAt: null }),
    ],
    ['the token identity reads its own record', () => getDoc(doc(token(), paths.publisherToken(TOKEN_ID)))],
    ['the token identity reads a member’s upload', () => getDoc(doc(token(), paths.upload('by-dev')))],
    ['the token identity reads its publisher', () => getDoc(doc(token(), paths.publisher('botworks')))],
    [
      'the token identity reads its publisher’s private listing',
      () => getDoc(doc(token(), paths.plugin('botworks.internal'))),
    ],
    [
      'the token identity writes its upload',
      () => updateDoc(doc(token(), paths.upload('by-token')), { state: 'published' }),
    ],
    [
      'the token identity creates a token record',
      () => setDoc(doc(token(), paths.publisherToken('Zz3dEf6hIj9kLm2nOp5q')), { publisherId: 'botworks' }),
    ],
  ] as const)('deny: %s', async (_name, attempt) => {
    await assertFails(attempt());
  });
});
