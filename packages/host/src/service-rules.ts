// What the platform's services accept from a plugin, in one place: the Cloud Functions services
// (steps and panels) and a local run (`mlebotics-plugin run`, `panel`) check the same things with
// the same messages, so a step fails locally exactly where it would fail on the platform.
import { BridgeError } from './errors.js';
import type { Notification } from './services.js';

/** Limits of the platform services plugins reach through their bridges (fetch's: `FETCH_LIMITS`). */
export const SERVICE_LIMITS = {
  storageKeyMax: 256,
  storageValueBytes: 64 * 1024,
  storageListMax: 100,
  notificationChars: 1000,
  notificationTitleChars: 120,
} as const;

/** A sensor, actuator or automation flow id as the platform accepts it. */
export const DEVICE_ID = /^[A-Za-z0-9_-]{1,64}$/;

const SEVERITIES = ['info', 'warning', 'critical'] as const;

/** A storage key: any string of 1–256 characters. */
export function checkStorageKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > SERVICE_LIMITS.storageKeyMax)
    throw new BridgeError(`A storage key must be a string of 1–${SERVICE_LIMITS.storageKeyMax} characters.`);
  return key;
}

/** A value to store: present, and at most 64 KiB as JSON. */
export function checkStoredValue(value: unknown): void {
  if (value === undefined) throw new BridgeError('storage.set needs a value (use storage.delete to remove a key).');
  if (Buffer.byteLength(JSON.stringify(value)) > SERVICE_LIMITS.storageValueBytes)
    throw new BridgeError(`A stored value must be at most ${SERVICE_LIMITS.storageValueBytes / 1024} KiB of JSON.`);
}

/** The prefix of `storage.list` (empty: every key). */
export function checkListPrefix(prefix: unknown): string {
  if (typeof prefix !== 'string') throw new BridgeError('storage.list takes an optional string prefix.');
  return prefix;
}

/** A sensor, actuator or flow id; `call` names the bridge call in the refusal. */
export function checkDeviceId(id: unknown, call: string, what: string): string {
  if (typeof id !== 'string' || !DEVICE_ID.test(id))
    throw new BridgeError(`${call} takes ${what} (letters, digits, - and _).`);
  return id;
}

/**
 * A notification as the platform queues it: `body` 1–1,000 characters, `title` cut at 120,
 * an unknown or missing `severity` taken as `info`.
 */
export function normalizeNotification(message: Record<string, unknown>): Notification {
  const { body } = message;
  if (typeof body !== 'string' || !body.trim() || body.length > SERVICE_LIMITS.notificationChars)
    throw new BridgeError(`notifications.send takes { body } of 1–${SERVICE_LIMITS.notificationChars} characters.`);
  const title = typeof message.title === 'string' ? message.title.slice(0, SERVICE_LIMITS.notificationTitleChars) : '';
  const severity = SEVERITIES.find((s) => s === message.severity) ?? 'info';
  return { title, body, severity };
}
