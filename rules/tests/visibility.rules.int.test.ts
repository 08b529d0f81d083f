// Who may see a listing: the same viewer × listing matrix against the shared function the
// server uses (viewerCanSeeListing) and against the Firestore rules; the answers must agree.
import { assertFails, assertSucceeds, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { paths, viewerCanSeeListing, type ListingAudience, type Viewer } from '@mlebotics/shared';
import { RULES_PROJECT_ID, rulesEnvironment, wipeFirestore } from '@mlebotics/testing';
import { doc, getDoc, setDoc, type Firestore } from 'firebase/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let env: RulesTestEnvironment;

const ORGS: Record<string, string[]> = { acme: ['ada', 'otto'], globex: ['gil'] };
const PUBLISHERS: Record<string, string[]> = { botworks: ['dev'], otherpub: ['olga'] };

/** A signed-out visitor is a viewer with no memberships (the public catalogue). */
const SIGNED_OUT = 'signed-out';

const VIEWERS: Record<string, Viewer> = Object.fromEntries(
  [SIGNED_OUT, 'stranger', 'ada', 'gil', 'dev', 'olga', 'mod'].map((uid) => [
    uid,
    {
      isAdmin: uid === 'mod',
      orgIds: new Set(Object.keys(ORGS).filter((o) => ORGS[o]!.includes(uid))),
      publisherIds: new Set(Object.keys(PUBLISHERS).filter((p) => PUBLISHERS[p]!.includes(uid))),
    },
  ]),
);

const LISTINGS: Record<string, ListingAudience> = {
  'botworks.public': { visibility: 'public', publisherId: 'botworks' },
  'botworks.for-acme': { visibility: 'private', privateOrgId: 'acme', publisherId: 'botworks' },
  'botworks.for-globex': { visibility: 'private', privateOrgId: 'globex', publisherId: 'botworks' },
  'otherpub.for-acme': { visibility: 'private', privateOrgId: 'acme', publisherId: 'otherpub' },
};

beforeAll(async () => {
  env = await rulesEnvironment(RULES_PROJECT_ID);
  await wipeFirestore(RULES_PROJECT_ID);
  await env.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore();
    for (const [orgId, uids] of Object.entries(ORGS)) {
      await setDoc(doc(db, paths.org(orgId)), {
        name: orgId,
        members: Object.fromEntries(uids.map((u) => [u, 'operator'])),
        memberIds: uids,
      });
    }
    for (const [publisherId, uids] of Object.entries(PUBLISHERS)) {
      await setDoc(doc(db, paths.publisher(publisherId)), {
        displayName: publisherId,
        members: Object.fromEntries(uids.map((u) => [u, 'owner'])),
        memberIds: uids,
      });
    }
    for (const [pluginId, listing] of Object.entries(LISTINGS)) {
      await setDoc(doc(db, paths.plugin(pluginId)), { name: pluginId, ...listing });
    }
  });
});
afterAll(() => env.cleanup());

describe('listing visibility: the shared function and the rules agree', () => {
  for (const [uid, viewer] of Object.entries(VIEWERS)) {
    for (const [pluginId, listing] of Object.entries(LISTINGS)) {
      const expected = viewerCanSeeListing(viewer, listing);
      it(`${uid} ${expected ? 'sees' : 'does not see'} ${pluginId}`, async () => {
        const context =
          uid === SIGNED_OUT
            ? env.unauthenticatedContext()
            : env.authenticatedContext(uid, uid === 'mod' ? { admin: true } : {});
        const db = context.firestore() as unknown as Firestore;
        const read = getDoc(doc(db, paths.plugin(pluginId)));
        await (expected ? assertSucceeds(read) : assertFails(read));
      });
    }
  }

  it('lets a signed-out visitor see public listings only', () => {
    const visible = Object.entries(LISTINGS).filter(([, l]) => viewerCanSeeListing(VIEWERS[SIGNED_OUT]!, l));
    expect(visible.map(([id]) => id)).toEqual(['botworks.public']);
  });

  it('covers both answers for private listings', () => {
    const answers = Object.values(VIEWERS).flatMap((v) =>
      Object.values(LISTINGS)
        .filter((l) => l.visibility === 'private')
        .map((l) => viewerCanSeeListing(v, l)),
    );
    expect(answers).toContain(true);
    expect(answers).toContain(false);
  });
});
