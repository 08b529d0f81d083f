// Test fixtures: real packages, signed the way the publish pipeline signs them (DSSE over an
// in-toto statement, ECDSA P-256 over the PAE), and recording host services.
import {
  ERROR_CODES,
  IN_TOTO_PAYLOAD_TYPE,
  MANIFEST_FILE,
  buildStatement,
  keyIdOf,
  statementPayload,
  toBase64,
  type DsseEnvelope,
  type Permission,
  type PluginManifest,
  type PublishPredicate,
  type TrustedKey,
} from '@mlebotics/shared';
import { packFiles, validatePackageBytes } from '@mlebotics/shared/node';
import { p256 } from '@noble/curves/nist.js';
import type { AuditEvent, FetchRequest, HostServices, LogEntry } from './services.js';

export interface SigningKey {
  secret: Uint8Array;
  trusted: TrustedKey;
}

export function signingKey(status: TrustedKey['status'] = 'active'): SigningKey {
  const secret = p256.utils.randomSecretKey();
  const point = p256.getPublicKey(secret, false);
  const spki = new Uint8Array([
    ...Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'),
    ...point,
  ]);
  const publicKeyPem = `-----BEGIN PUBLIC KEY-----\n${toBase64(spki)}\n-----END PUBLIC KEY-----\n`;
  return { secret, trusted: { keyId: keyIdOf(publicKeyPem), publicKeyPem, status } };
}

/** The one manifest builder of the tests (shared with the testing package). */
export { STEP_SCHEMA, manifestFor } from '@mlebotics/shared/testing';

export interface SignedPlugin {
  artifact: Uint8Array;
  envelope: DsseEnvelope;
  keys: TrustedKey[];
  manifest: PluginManifest;
  key: SigningKey;
  predicate: PublishPredicate;
}

/** Signs a statement about `artifact` with `key`, as the pipeline does. */
export function sign(artifact: Uint8Array, sha256: string, predicate: PublishPredicate, key: SigningKey): DsseEnvelope {
  const { payload, pae } = statementPayload(buildStatement(sha256, predicate));
  return {
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    payload: toBase64(payload),
    signatures: [{ keyid: key.trusted.keyId, sig: toBase64(p256.sign(pae, key.secret, { format: 'der' })) }],
  };
}

/**
 * Packs `files` (plugin.json from `manifest`, plus README and icon) and signs it; `tamper` may
 * change the predicate before signing.
 */
export async function signedPlugin(
  manifest: PluginManifest,
  files: Record<string, string | Uint8Array>,
  options: { key?: SigningKey; tamper?: (predicate: PublishPredicate) => void } = {},
): Promise<SignedPlugin> {
  const key = options.key ?? signingKey();
  const artifact = new Uint8Array(
    await packFiles({
      [MANIFEST_FILE]: JSON.stringify(manifest, null, 2),
      'README.md': `# ${manifest.name}\n`,
      'icon.svg': '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>\n',
      ...files,
    }),
  );
  const validation = await validatePackageBytes(artifact);
  // The sandbox must hold on its own for code the validator's code checks refuse (a bare import,
  // a missing step, a syntax error), so those packages are signed here too; others are not.
  const refused = validation.errors.filter((e) => ERROR_CODES[e.code].stage !== 'code');
  if (refused.length > 0 || !validation.contents || !validation.sha256) {
    throw new Error(`test package is invalid: ${refused.map((e) => e.message).join('; ')}`);
  }
  const predicate: PublishPredicate = {
    pluginId: manifest.id,
    version: manifest.version,
    publisher: manifest.publisher,
    uploader: 'uid-test',
    uploadId: 'upload-test',
    manifestSha256: validation.contents.files.find((f) => f.path === MANIFEST_FILE)!.sha256,
    permissions: manifest.permissions,
    files: validation.contents.files,
    publishedAt: '2026-01-01T00:00:00.000Z',
  };
  options.tamper?.(predicate);
  return {
    artifact,
    envelope: sign(artifact, validation.sha256, predicate, key),
    keys: [key.trusted],
    manifest,
    key,
    predicate,
  };
}

/** Host services that record what they were asked; each can be replaced. */
export function recordingServices(overrides: Partial<HostServices> = {}) {
  const calls: Array<{ service: string; args: unknown[] }> = [];
  const fetched: FetchRequest[] = [];
  const logs: LogEntry[] = [];
  const audits: AuditEvent[] = [];
  const store = new Map<string, unknown>();
  const services: HostServices = {
    async fetch(request) {
      fetched.push(request);
      return { status: 200, headers: { 'content-type': 'text/plain' }, body: `fetched ${request.url.href}` };
    },
    storage: {
      async get(key) {
        calls.push({ service: 'storage.get', args: [key] });
        return store.get(key) as never;
      },
      async set(key, value) {
        calls.push({ service: 'storage.set', args: [key, value] });
        store.set(key, value);
      },
      async delete(key) {
        calls.push({ service: 'storage.delete', args: [key] });
        store.delete(key);
      },
      async list(prefix) {
        return [...store.keys()].filter((k) => k.startsWith(prefix));
      },
    },
    sensors: {
      async read(sensorId, query) {
        calls.push({ service: 'sensors.read', args: [sensorId, query] });
        return { sensorId, celsius: 21.5 };
      },
    },
    actuators: {
      async command(actuatorId, command) {
        calls.push({ service: 'actuators.command', args: [actuatorId, command] });
        return { accepted: true };
      },
    },
    automation: {
      async execute(flowId, input) {
        calls.push({ service: 'automation.execute', args: [flowId, input] });
        return { runId: 'run-1' };
      },
    },
    notifications: {
      async send(notification) {
        calls.push({ service: 'notifications.send', args: [notification] });
      },
    },
    secrets: {
      async read(name) {
        calls.push({ service: 'secrets.read', args: [name] });
        return `value-of-${name}`;
      },
    },
    log: (entry) => void logs.push(entry),
    ...overrides,
  };
  return { services, calls, fetched, logs, audits, store, audit: (event: AuditEvent) => void audits.push(event) };
}

export const ALL_PERMISSIONS: Permission[] = [
  { name: 'sensors:read', reason: 'Reads the line sensors.' },
  { name: 'actuators:command', reason: 'Moves the gripper.' },
  { name: 'automation:execute', reason: 'Starts follow-up flows.' },
  { name: 'network:fetch', reason: 'Calls the weather API.', hosts: ['api.weather.com', 'data.example.org:8443'] },
  { name: 'storage:plugin', reason: 'Remembers the last reading.' },
  { name: 'notifications:send', reason: 'Warns operators.' },
  { name: 'secrets:read', reason: 'Uses the API key.', secrets: ['WEATHER_KEY', 'OTHER_KEY'] },
];
