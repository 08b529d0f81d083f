import { describe, expect, it } from 'vitest';
import { BridgeError } from './errors.js';
import {
  SERVICE_LIMITS,
  checkDeviceId,
  checkListPrefix,
  checkStorageKey,
  checkStoredValue,
  normalizeNotification,
} from './service-rules.js';

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(BridgeError);
    return (error as Error).message;
  }
  throw new Error('not refused');
};

describe('the services’ rules (platform and local runs alike)', () => {
  it('refuses storage keys, values and prefixes the platform refuses', () => {
    expect(refusal(() => checkStorageKey(''))).toBe('A storage key must be a string of 1–256 characters.');
    expect(refusal(() => checkStorageKey('k'.repeat(257)))).toContain('1–256');
    expect(refusal(() => checkStorageKey(7))).toContain('1–256');
    expect(checkStorageKey('a/b c')).toBe('a/b c');
    expect(refusal(() => checkStoredValue(undefined))).toContain('use storage.delete');
    expect(refusal(() => checkStoredValue('x'.repeat(SERVICE_LIMITS.storageValueBytes)))).toBe(
      'A stored value must be at most 64 KiB of JSON.',
    );
    expect(() => checkStoredValue(null)).not.toThrow();
    expect(refusal(() => checkListPrefix(3))).toBe('storage.list takes an optional string prefix.');
  });

  it('refuses device ids outside letters, digits, - and _ (64 at most)', () => {
    for (const id of ['', 'a/b', '../x', 'x'.repeat(65), 'ü', null]) {
      expect(refusal(() => checkDeviceId(id, 'sensors.read', 'a sensor id'))).toBe(
        'sensors.read takes a sensor id (letters, digits, - and _).',
      );
    }
    expect(checkDeviceId('line-1_temp', 'sensors.read', 'a sensor id')).toBe('line-1_temp');
  });

  it('normalises a notification: body 1–1,000, title cut at 120, unknown severity info', () => {
    expect(normalizeNotification({ body: 'Hot', title: 't'.repeat(200), severity: 'urgent' })).toEqual({
      title: 't'.repeat(120),
      body: 'Hot',
      severity: 'info',
    });
    for (const body of ['', '   ', 'b'.repeat(1001), 5]) {
      expect(refusal(() => normalizeNotification({ body }))).toBe(
        'notifications.send takes { body } of 1–1000 characters.',
      );
    }
  });
});
