import {
  collections,
  createOrg,
  createPublisher as createPublisherCall,
  createPublisherToken,
  createUpload,
  exchangePublisherToken,
  listPublisherTokens,
  objectPaths,
  paths,
  retryUpload,
  revokePublisherToken,
  setPublisherMember,
  type PublisherTokenDoc,
} from '@mlebotics/shared';
import { sha256Hex } from '@mlebotics/shared/node';
import {
  admin,
  connectClient,
  createPublisher,
  createUser,
  packPlugin,
  publishThroughUpload,
  resetEmulators,
  uniqueId,
  waitForUpload,
  type Client,
} from '@mlebotics/testing';
import { signInWithCustomToken } from 'firebase/auth';
import { doc, getDoc } from 'firebase/firestore';
import { ref, uploadBytes } from 'firebase/storage';
import { Timestamp } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXCHANGE_FAILURES } from './tokens.js';

// Publisher API tokens through the deployed callables, the Auth emulator and the real rules.

type CallFailure = { code: string; message: string; details?: { reason?: string; retryAfterSeconds?: number } };
const failure = (promise: Promise<unknown>): Promise<CallFailure> =>
  promise.then(
    () => {
      throw new Error('the call succeeded but should have been refused');
    },
    (e: CallFailure) => e,
  );

const clients: Client[] = [];
let owner: Client;
let ownerUid: string;
let publisherId: string;
let otherPublisherId: string;

async function client(label?: string): Promise<{ client: Client; uid: string; email: string }> {
  const user = await createUser(`${uniqueId(label ?? 'u')}@example.com`);
  const c = await connectClient(user);
  clients.push(c);
  return { client: c, uid: user.uid, email: user.email };
}

/** A CI job: exchanges the token and signs in with the custom token, as the CLI does. */
async function ciClient(token: string): Promise<Client> {
  const c = await connectClient();
  clients.push(c);
  const exchanged = await c.callOnce(exchangePublisherToken, { token });
  await signInWithCustomToken(c.auth, exchanged.customToken);
  return c;
}

const stored = async (tokenId: string) =>
  (await admin.db.doc(paths.publisherToken(tokenId)).get()).data() as PublisherTokenDoc<Timestamp> | undefined;

beforeAll(async () => {
  await resetEmulators();
  const o = await client('owner');
  owner = o.client;
  ownerUid = o.uid;
  publisherId = uniqueId('tokpub');
  otherPublisherId = uniqueId('otherpub');
  await createPublisher(publisherId, [o.uid]);
  await createPublisher(otherPublisherId, [o.uid]);
});
afterAll(async () => {
  for (const c of clients) await c.close();
});

describe('publisher API tokens', () => {
  it('are created by owners only, shown once and stored as a hash', async () => {
    const { token, summary } = await owner.call(createPublisherToken, { publisherId, name: 'CI release' });
    expect(token).toMatch(/^mlep_[A-Za-z0-9]{20}_[A-Za-z0-9_-]{43}$/);
    const record = await stored(summary.tokenId);
    expect(record?.secretSha256).toBe(sha256Hex(new TextEncoder().encode(token.split('_').slice(2).join('_'))));
    expect(JSON.stringify(record)).not.toContain(token.slice(26));
    const days = (Date.parse(summary.expiresAt) - Date.parse(summary.createdAt)) / 86_400_000;
    expect(days).toBe(90);
    const { tokens } = await owner.call(listPublisherTokens, { publisherId });
    expect(tokens.map((t) => t.tokenId)).toContain(summary.tokenId);
    expect(JSON.stringify(tokens)).not.toContain(token.slice(26));

    // A member who is not an owner, and an outsider, can neither create nor list.
    const member = await client('member');
    const outsider = await client('outsider');
    const shared = uniqueId('sharedpub');
    await createPublisher(shared, [ownerUid, member.uid]);
    await admin.db.doc(paths.publisher(shared)).update({ [`members.${member.uid}`]: 'member' });
    for (const who of [member.client, outsider.client]) {
      const refused = await failure(who.callOnce(createPublisherToken, { publisherId: shared, name: 'Sneaky' }));
      expect(refused.code).toBe('functions/permission-denied');
      const listed = await failure(who.callOnce(listPublisherTokens, { publisherId: shared }));
      expect(listed.code).toBe('functions/permission-denied');
    }
    expect((await owner.call(createPublisherToken, { publisherId: shared, name: 'Owner made' })).token).toMatch(
      /^mlep_/,
    );
    const tooLong = await failure(owner.callOnce(createPublisherToken, { publisherId, name: 'x', expiresInDays: 400 }));
    expect(tooLong.code).toBe('functions/invalid-argument');
  });

  it('are not kept for replays: the request ledger never holds the secret, a retry is told it was done', async () => {
    // As the console sends it: with a request id, so that a retry is not carried out twice.
    const input = { publisherId, name: 'Console retry', requestId: 'retry-0001-create-token' } as never;
    const { token } = await owner.callOnce(createPublisherToken, input);
    const ledger = await admin.db.collection(collections.callRequests).get();
    const kept = ledger.docs.filter((d) => d.id.includes(':createPublisherToken:retry-0001-create-token'));
    expect(kept).toHaveLength(1);
    expect(kept[0]!.get('resultJson')).toBeNull();
    expect(ledger.docs.map((d) => JSON.stringify(d.data())).join('\n')).not.toContain(token.slice(26));
    const again = await failure(owner.callOnce(createPublisherToken, input));
    expect(again.code).toBe('functions/already-exists');
    expect(again.message).toContain('shown only once');
  });

  it('publish through the upload intent and nothing else, for their own publisher only', async () => {
    const { token, summary } = await owner.call(createPublisherToken, { publisherId, name: 'CI publish' });
    const ci = await ciClient(token);
    expect(ci.auth.currentUser?.uid).toBe(`ptok_${summary.tokenId}`);

    const bytes = await packPlugin(`${publisherId}.tokened`);
    const finished = await publishThroughUpload(ci, publisherId, bytes, 'tokened.tgz');
    expect(finished.state, JSON.stringify(finished.errors)).toBe('published');
    expect(finished.uid).toBe(`ptok_${summary.tokenId}`);
    expect((await stored(summary.tokenId))?.lastUsedAt).not.toBeNull();
    // Its own upload document is readable to it (the rules), nobody else's publisher document is.
    expect((await getDoc(doc(ci.db, paths.upload(finished.uploadId)))).exists()).toBe(true);
    await expect(getDoc(doc(ci.db, paths.publisher(publisherId)))).rejects.toMatchObject({ code: 'permission-denied' });
    await expect(getDoc(doc(ci.db, paths.publisherToken(summary.tokenId)))).rejects.toMatchObject({
      code: 'permission-denied',
    });

    // Another publisher of the same owner: refused.
    const wrong = await failure(
      ci.callOnce(createUpload, { publisherId: otherPublisherId, size: bytes.length, sha256: sha256Hex(bytes) }),
    );
    expect(wrong.code).toBe('functions/permission-denied');
    expect(wrong.message).toContain(`uploads only for the publisher "${publisherId}"`);

    // Every other callable refuses the token's identity, whatever it asks.
    const attempts: Array<() => Promise<unknown>> = [
      () => ci.callOnce(createOrg, { orgId: uniqueId('org'), name: 'Token org' }),
      () => ci.callOnce(createPublisherCall, { publisherId: uniqueId('tp'), displayName: 'Token publisher' }),
      () => ci.callOnce(setPublisherMember, { publisherId, email: 'attacker@example.com', role: 'owner' }),
      () => ci.callOnce(createPublisherToken, { publisherId, name: 'Self-made' }),
      () => ci.callOnce(listPublisherTokens, { publisherId }),
      () => ci.callOnce(revokePublisherToken, { publisherId, tokenId: summary.tokenId }),
      () => ci.callOnce(retryUpload, { uploadId: finished.uploadId }),
    ];
    for (const attempt of attempts) {
      const refused = await failure(attempt());
      expect(refused.code).toBe('functions/permission-denied');
      expect(refused.message).toContain('A publisher API token can only upload packages for its publisher');
    }
  });

  it('stop at once when revoked, including identities exchanged before (replay after revoke)', async () => {
    const { token, summary } = await owner.call(createPublisherToken, { publisherId, name: 'Soon revoked' });
    const ci = await ciClient(token);
    const bytes = await packPlugin(`${publisherId}.replayed`);
    const before = await ci.callOnce(createUpload, { publisherId, size: bytes.length, sha256: sha256Hex(bytes) });
    expect(before.objectPath).toBe(objectPaths.upload(`ptok_${summary.tokenId}`, before.uploadId));

    const { summary: revoked } = await owner.call(revokePublisherToken, { publisherId, tokenId: summary.tokenId });
    expect(revoked.revokedAt).not.toBeNull();
    expect(revoked.revokedByEmail).toMatch(/@example\.com$/);

    const replay = await failure(
      ci.callOnce(createUpload, { publisherId, size: bytes.length, sha256: sha256Hex(bytes) }),
    );
    expect(replay.code).toBe('functions/unauthenticated');
    expect(replay.details?.reason).toBe('token-invalid');
    expect(replay.message).toContain('was revoked');

    const fresh = await connectClient();
    clients.push(fresh);
    const exchange = await failure(fresh.callOnce(exchangePublisherToken, { token }));
    expect(exchange.details?.reason).toBe('token-invalid');
    expect(exchange.message).toContain('was revoked');
    const { tokens } = await owner.call(listPublisherTokens, { publisherId });
    expect(tokens.find((t) => t.tokenId === summary.tokenId)?.revokedAt).toBe(revoked.revokedAt);

    // The upload announced before the revoke: its file, sent now (Storage rules cannot see the
    // token's state), is refused by the pipeline.
    const verdict = waitForUpload(ci, before.uploadId);
    await uploadBytes(ref(ci.storage, before.objectPath), bytes, { contentType: 'application/gzip' });
    const rejected = await verdict;
    expect(rejected.state).toBe('rejected');
    expect(rejected.errors.map((e) => e.code)).toEqual(['token-revoked']);
    expect(rejected.errors[0]!.message).toContain('was revoked');
  });

  it('refuse an expired token, and one whose creator is no longer an owner', async () => {
    const { token, summary } = await owner.call(createPublisherToken, { publisherId, name: 'Short lived' });
    await admin.db
      .doc(paths.publisherToken(summary.tokenId))
      .update({ expiresAt: Timestamp.fromMillis(Date.now() - 1000) });
    const fresh = await connectClient();
    clients.push(fresh);
    const expired = await failure(fresh.callOnce(exchangePublisherToken, { token }));
    expect(expired.code).toBe('functions/unauthenticated');
    expect(expired.message).toContain('expired on');

    const second = await client('second-owner');
    await createPublisher(`${publisherId}-x`, [second.uid]);
    const { token: orphan } = await second.client.call(createPublisherToken, {
      publisherId: `${publisherId}-x`,
      name: 'Orphaned',
    });
    await admin.db.doc(paths.publisher(`${publisherId}-x`)).update({ [`members.${second.uid}`]: 'member' });
    const demoted = await failure(fresh.callOnce(exchangePublisherToken, { token: orphan }));
    expect(demoted.message).toContain('no longer an owner');
  });

  it('answer unknown ids, wrong secrets and malformed tokens alike, and rate-limit guessing', async () => {
    const { token, summary } = await owner.call(createPublisherToken, { publisherId, name: 'Guessed at' });
    const guesser = await connectClient();
    clients.push(guesser);
    const wrongSecret = `mlep_${summary.tokenId}_${'A'.repeat(43)}`;
    const unknownId = `mlep_${'Z'.repeat(20)}_${token.slice(26)}`;
    const answers = await Promise.all(
      [unknownId, 'not-a-token'].map((t) => failure(guesser.callOnce(exchangePublisherToken, { token: t }))),
    );
    const first = await failure(guesser.callOnce(exchangePublisherToken, { token: wrongSecret }));
    for (const a of answers) {
      expect(a.code).toBe(first.code);
      expect(a.message).toBe(first.message);
    }
    expect(first.details?.reason).toBe('token-invalid');

    for (let i = 1; i < EXCHANGE_FAILURES.perToken.capacity; i++) {
      expect((await failure(guesser.callOnce(exchangePublisherToken, { token: wrongSecret }))).details?.reason).toBe(
        'token-invalid',
      );
    }
    const limited = await failure(guesser.callOnce(exchangePublisherToken, { token: wrongSecret }));
    expect(limited.code).toBe('functions/resource-exhausted');
    expect(limited.details?.reason).toBe('rate-limited');
    expect(limited.details?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // Guessing at a token (its id is public in the versions it published) must not lock its CI
    // job out: the right secret is compared first and never waits for the failures of others.
    const right = await guesser.callOnce(exchangePublisherToken, { token });
    expect(right.publisherId).toBe(publisherId);
    expect((await stored(summary.tokenId))?.lastUsedAt).not.toBeNull();
  });
});
