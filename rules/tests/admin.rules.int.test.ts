// Trust and safety collections: scan reports (the publisher's members and administrators read
// them), held versions, the blocklist and the admin audit log (administrators only). No client
// writes any of them, administrators included: only functions do (the Admin SDK).
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
  setDoc,
  Timestamp,
  updateDoc,
  where,
  type Firestore,
} from 'firebase/firestore';
import { afterAll, beforeAll, describe, it } from 'vitest';

let env: RulesTestEnvironment;

const SIGNED_OUT = 'signed-out';
const VIEWERS = [SIGNED_OUT, 'stranger', 'dev', 'olga', 'mod'] as const;
type ViewerId = (typeof VIEWERS)[number];
const PUBLISHERS: Record<string, string[]> = { botworks: ['dev'], otherpub: ['olga'] };

const at = Timestamp.fromMillis(Date.UTC(2026, 0, 2));
const DOCS = {
  scanReport: {
    path: paths.scanReport('botworks.arm', '1.0.0'),
    data: { pluginId: 'botworks.arm', version: '1.0.0', publisherId: 'botworks', review: 'pending', queuedAt: at },
  },
  heldVersion: { path: paths.heldVersion('botworks.arm', '1.0.0'), data: { readme: '# Arm' } },
  blocklistEntry: {
    path: paths.blocklistEntry('a'.repeat(64)),
    data: { sha256: 'a'.repeat(64), scope: 'file', reason: 'Credential stealer', by: 'mod', at },
  },
  adminAuditEntry: {
    path: paths.adminAuditEntry('entry-1'),
    data: {
      action: 'publisher.suspend',
      actorUid: 'mod',
      actorEmail: 'mod@example.com',
      targetKind: 'publisher',
      targetId: 'botworks',
      reason: 'Malware',
      at,
    },
  },
} as const;
type Kind = keyof typeof DOCS;

/** Who may read each kind (nobody writes any). */
const READERS: Record<Kind, ViewerId[]> = {
  scanReport: ['dev', 'mod'],
  heldVersion: ['mod'],
  blocklistEntry: ['mod'],
  adminAuditEntry: ['mod'],
};

const dbOf = (uid: ViewerId) =>
  (uid === SIGNED_OUT
    ? env.unauthenticatedContext()
    : env.authenticatedContext(uid, uid === 'mod' ? { admin: true } : {})
  ).firestore() as unknown as Firestore;

beforeAll(async () => {
  env = await rulesEnvironment(RULES_PROJECT_ID);
  await wipeFirestore(RULES_PROJECT_ID);
  await env.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore();
    for (const [publisherId, uids] of Object.entries(PUBLISHERS)) {
      await setDoc(doc(db, paths.publisher(publisherId)), {
        displayName: publisherId,
        members: Object.fromEntries(uids.map((u) => [u, 'owner'])),
        memberIds: uids,
      });
    }
    for (const { path, data } of Object.values(DOCS)) await setDoc(doc(db, path), data);
  });
});
afterAll(() => env.cleanup());

describe('trust and safety collections', () => {
  for (const kind of Object.keys(DOCS) as Kind[]) {
    const { path, data } = DOCS[kind];
    for (const uid of VIEWERS) {
      const reads = READERS[kind].includes(uid);
      it(`${uid} ${reads ? 'reads' : 'cannot read'} a ${kind}`, async () => {
        const read = getDoc(doc(dbOf(uid), path));
        await (reads ? assertSucceeds(read) : assertFails(read));
      });
      it(`attack: ${uid} cannot create, change or delete a ${kind}`, async () => {
        const db = dbOf(uid);
        const [collectionPath, id] = [path.slice(0, path.lastIndexOf('/')), path.slice(path.lastIndexOf('/') + 1)];
        await assertFails(setDoc(doc(db, collectionPath, `${id}-new`), data));
        await assertFails(setDoc(doc(db, path), data));
        await assertFails(updateDoc(doc(db, path), { reason: 'rewritten' }));
        await assertFails(deleteDoc(doc(db, path)));
      });
    }
  }

  it('administrators list the audit log newest first; nobody else can', async () => {
    const newest = (uid: ViewerId) =>
      getDocs(query(collection(dbOf(uid), 'adminAudit'), orderBy('at', 'desc'), limit(50)));
    await assertSucceeds(newest('mod'));
    for (const uid of VIEWERS.filter((v) => v !== 'mod')) await assertFails(newest(uid));
  });

  it("a publisher's members list its scan reports, not another publisher's", async () => {
    const reports = (uid: ViewerId, publisherId: string) =>
      getDocs(query(collection(dbOf(uid), 'scanReports'), where('publisherId', '==', publisherId)));
    await assertSucceeds(reports('dev', 'botworks'));
    await assertFails(reports('olga', 'botworks'));
    await assertFails(reports('stranger', 'botworks'));
    await assertSucceeds(reports('mod', 'botworks'));
  });
});
