import { assertFails, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { rulesEnvironment, storageRulesStandIn } from '@mlebotics/testing';
import { getBytes, ref, uploadBytes } from 'firebase/storage';
import { afterAll, beforeAll, describe, it } from 'vitest';

const reason =
  'SKIPPED: the Storage emulator runs with the permit-all rules runtime stand-in (the real runtime is not cached and cannot be downloaded here), so storage.rules cannot be evaluated.';
if (storageRulesStandIn) console.warn(`storage.rules tests ${reason}`);

describe.skipIf(storageRulesStandIn)(`storage rules${storageRulesStandIn ? ` — ${reason}` : ''}`, () => {
  let env: RulesTestEnvironment;
  beforeAll(async () => {
    env = await rulesEnvironment();
  });
  afterAll(() => env?.cleanup());

  it('denies reads of anything not opened by a feature', () =>
    assertFails(getBytes(ref(env.authenticatedContext('alice').storage(), 'secret/file.txt'))));
  it('denies writes of anything not opened by a feature', () =>
    assertFails(uploadBytes(ref(env.authenticatedContext('alice').storage(), 'secret/file.txt'), new Uint8Array([1]))));
});
