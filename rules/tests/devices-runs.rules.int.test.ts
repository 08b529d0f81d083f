// The organization's devices and run records: sensors, the actuator command queue and the
// records of step runs are read by the organization's members only, and only the server writes
// the queue and the records (sensors are fed by managers, as the console's rules allow).
import { assertFails, assertSucceeds, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { paths } from '@mlebotics/shared';
import { RULES_PROJECT_ID, rulesEnvironment, wipeFirestore } from '@mlebotics/testing';
import { addDoc, collection, doc, getDoc, getDocs, serverTimestamp, setDoc, type Firestore } from 'firebase/firestore';
import { afterAll, beforeAll, describe, it } from 'vitest';

let env: RulesTestEnvironment;
const ORG = 'acme';

// The rules-unit-testing package types its Firestore with its own copy of the SDK's types.
const as = (uid: string | null): Firestore =>
  (uid === null
    ? env.unauthenticatedContext().firestore()
    : env.authenticatedContext(uid).firestore()) as unknown as Firestore;

beforeAll(async () => {
  env = await rulesEnvironment(RULES_PROJECT_ID);
  await wipeFirestore(RULES_PROJECT_ID);
  await env.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore();
    await setDoc(doc(db, paths.org(ORG)), {
      name: 'Acme',
      members: { owner: 'owner', operator: 'operator' },
      memberIds: ['owner', 'operator'],
    });
    await setDoc(doc(db, paths.org('globex')), { name: 'Globex', members: { gil: 'owner' }, memberIds: ['gil'] });
    await setDoc(doc(db, paths.sensor(ORG, 'line-1-temp')), { value: 21.5, unit: '°C', at: new Date() });
    await setDoc(doc(db, `${paths.actuatorCommands(ORG)}/c1`), { actuatorId: 'gripper-1', command: '{}' });
    await setDoc(doc(db, paths.run(ORG, 'r1')), { pluginId: 'botworks.thermo', stepId: 'read', outcome: 'ok' });
  });
});

afterAll(() => env?.cleanup());

describe('devices and run records', () => {
  for (const uid of ['owner', 'operator']) {
    it(`${uid} (a member) reads the sensors, the actuator commands and the runs`, async () => {
      const db = as(uid);
      await assertSucceeds(getDocs(collection(db, `${paths.org(ORG)}/sensors`)));
      await assertSucceeds(getDocs(collection(db, paths.actuatorCommands(ORG))));
      await assertSucceeds(getDocs(collection(db, paths.runs(ORG))));
      await assertSucceeds(getDoc(doc(db, paths.run(ORG, 'r1'))));
    });
  }

  for (const uid of ['gil', 'stranger', null]) {
    it(`${uid ?? 'a signed-out visitor'} (not a member) reads none of them`, async () => {
      const db = as(uid);
      await assertFails(getDocs(collection(db, `${paths.org(ORG)}/sensors`)));
      await assertFails(getDoc(doc(db, paths.sensor(ORG, 'line-1-temp'))));
      await assertFails(getDocs(collection(db, paths.actuatorCommands(ORG))));
      await assertFails(getDocs(collection(db, paths.runs(ORG))));
      await assertFails(getDoc(doc(db, paths.run(ORG, 'r1'))));
    });
  }

  it('nobody writes a run record or an actuator command from a client, not even the owner', async () => {
    const db = as('owner');
    await assertFails(setDoc(doc(db, paths.run(ORG, 'forged')), { pluginId: 'x', outcome: 'ok' }));
    await assertFails(setDoc(doc(db, paths.run(ORG, 'r1')), { outcome: 'ok' }, { merge: true }));
    await assertFails(addDoc(collection(db, paths.actuatorCommands(ORG)), { actuatorId: 'gripper-1', command: '{}' }));
  });

  it('the owner feeds a sensor reading; an operator cannot', async () => {
    const reading = { value: 22, unit: '°C', at: serverTimestamp() };
    await assertSucceeds(setDoc(doc(as('owner'), paths.sensor(ORG, 'line-2-temp')), reading));
    await assertFails(setDoc(doc(as('operator'), paths.sensor(ORG, 'line-3-temp')), reading));
  });
});
