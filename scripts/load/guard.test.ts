import { describe, expect, it } from 'vitest';
import { notLocalReason } from './guard.mjs';

const local = {
  GCLOUD_PROJECT: 'demo-mlebotics',
  FIRESTORE_EMULATOR_HOST: '127.0.0.1:8080',
  FIREBASE_AUTH_EMULATOR_HOST: 'localhost:9099',
  FIREBASE_STORAGE_EMULATOR_HOST: '127.0.0.1:9199',
};

describe('load runs refuse anything but local emulators', () => {
  it('refuses a project that is not a demo- project', () => {
    expect(notLocalReason({ ...local, GCLOUD_PROJECT: 'mlebotics-prod' }, 'demo-x')).toMatch(/not a demo- project/);
  });
  it('refuses a missing emulator variable (the Admin SDK would reach production)', () => {
    const { FIRESTORE_EMULATOR_HOST: _dropped, ...rest } = local;
    expect(notLocalReason(rest, 'demo-x')).toMatch(/FIRESTORE_EMULATOR_HOST is not set/);
  });
  it('refuses an emulator on another machine', () => {
    expect(notLocalReason({ ...local, FIREBASE_AUTH_EMULATOR_HOST: '10.0.0.5:9099' }, 'demo-x')).toMatch(
      /FIREBASE_AUTH_EMULATOR_HOST=10.0.0.5:9099 is not a local emulator/,
    );
    expect(notLocalReason({ ...local, FIREBASE_STORAGE_EMULATOR_HOST: 'http://evil.example:9199' }, 'demo-x')).toMatch(
      /not a local emulator/,
    );
  });
  it('accepts local emulators of a demo project', () => {
    expect(notLocalReason(local, 'demo-x')).toBeUndefined();
    expect(notLocalReason({ ...local, GCLOUD_PROJECT: undefined }, 'demo-mlebotics')).toBeUndefined();
  });
});
