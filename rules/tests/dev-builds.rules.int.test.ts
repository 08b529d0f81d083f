// Development builds are for one organization alone: only its members read the build document,
// nobody writes it, and nobody (not even the organization's owner) downloads its artifact.
import { assertFails, assertSucceeds, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { objectPaths, paths } from '@mlebotics/shared';
import { RULES_PROJECT_ID, rulesEnvironment, storageRulesStandIn, wipeFirestore } from '@mlebotics/testing';
import { collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc, type Firestore } from 'firebase/firestore';
import { getBytes, ref, uploadBytes } from 'firebase/storage';
import { afterAll, beforeAll, describe, it } from 'vitest';

const ORG = 'acme';
const PLUGIN = 'botworks.dev-probe';
const UPLOAD = 'up1';
const SIGNED_OUT = 'signed-out';

/** Members of the organization (ada owns it and uploaded the build; otto operates it). */
const INSIDE = ['ada', 'otto'];
/** Everyone else: another organization's member, the publisher's other member, a stranger, an administrator. */
const OUTSIDE = ['gil', 'olga', 'stranger', 'mod', SIGNED_OUT];

async function seed(target: RulesTestEnvironment): Promise<void> {
  await target.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore();
    await setDoc(doc(db, paths.org(ORG)), { name: ORG, members: { ada: 'owner', otto: 'operator' } });
    await setDoc(doc(db, paths.org('globex')), { name: 'globex', members: { gil: 'owner' } });
    await setDoc(doc(db, paths.publisher('botworks')), {
      displayName: 'Botworks',
      members: { ada: 'owner', olga: 'developer' },
    });
    await setDoc(doc(db, paths.devBuild(ORG, PLUGIN)), {
      pluginId: PLUGIN,
      version: '1.0.0',
      build: 1,
      artifactPath: objectPaths.devArtifact(ORG, PLUGIN, UPLOAD),
    });
  });
}

const contextOf = (target: RulesTestEnvironment, uid: string) =>
  uid === SIGNED_OUT
    ? target.unauthenticatedContext()
    : target.authenticatedContext(uid, uid === 'mod' ? { admin: true } : {});

describe('development build documents', () => {
  let env: RulesTestEnvironment;
  beforeAll(async () => {
    env = await rulesEnvironment(RULES_PROJECT_ID);
    await wipeFirestore(RULES_PROJECT_ID);
    await seed(env);
  });
  afterAll(() => env.cleanup());
  const firestoreOf = (uid: string) => contextOf(env, uid).firestore() as unknown as Firestore;

  for (const uid of INSIDE) {
    it(`${uid} (member of ${ORG}) reads and lists the organization's development builds`, async () => {
      await assertSucceeds(getDoc(doc(firestoreOf(uid), paths.devBuild(ORG, PLUGIN))));
      await assertSucceeds(getDocs(collection(firestoreOf(uid), paths.devBuilds(ORG))));
    });
  }
  for (const uid of OUTSIDE) {
    it(`${uid} (outside ${ORG}) can neither read nor list them`, async () => {
      await assertFails(getDoc(doc(firestoreOf(uid), paths.devBuild(ORG, PLUGIN))));
      await assertFails(getDocs(collection(firestoreOf(uid), paths.devBuilds(ORG))));
    });
  }
  it('nobody writes one, not even the owner who uploaded it (only the pipeline does)', async () => {
    const db = firestoreOf('ada');
    await assertFails(setDoc(doc(db, paths.devBuild(ORG, 'botworks.other')), { pluginId: 'botworks.other', build: 1 }));
    await assertFails(updateDoc(doc(db, paths.devBuild(ORG, PLUGIN)), { build: 99 }));
    await assertFails(deleteDoc(doc(db, paths.devBuild(ORG, PLUGIN))));
  });
});

const standInReason =
  'SKIPPED: the Storage emulator runs with the permit-all rules runtime stand-in (the real runtime is not cached and cannot be downloaded here), so storage.rules cannot be evaluated.';
if (storageRulesStandIn) console.warn(`development build artifacts against storage.rules ${standInReason}`);

describe.skipIf(storageRulesStandIn)(
  `development build artifacts are server-only${storageRulesStandIn ? ` — ${standInReason}` : ''}`,
  () => {
    let env: RulesTestEnvironment;
    beforeAll(async () => {
      // Storage rules read Firestore of the functions' project (as storage.rules.int.test.ts does).
      env = await rulesEnvironment();
      await seed(env);
      await env.withSecurityRulesDisabled(async (ctx) => {
        await uploadBytes(ref(ctx.storage(), objectPaths.devArtifact(ORG, PLUGIN, UPLOAD)), new Uint8Array([1, 2, 3]));
      });
    });
    afterAll(() => env?.cleanup());

    for (const uid of [...INSIDE, ...OUTSIDE]) {
      it(`${uid} may not download or overwrite ${objectPaths.devArtifact(ORG, PLUGIN, UPLOAD)}`, async () => {
        const storage = contextOf(env, uid).storage();
        await assertFails(getBytes(ref(storage, objectPaths.devArtifact(ORG, PLUGIN, UPLOAD))));
        await assertFails(uploadBytes(ref(storage, objectPaths.devArtifact(ORG, PLUGIN, UPLOAD)), new Uint8Array([4])));
      });
    }
  },
);
