import { KeyManagementServiceClient } from '@google-cloud/kms';
import * as protoLoader from '@grpc/proto-loader';
import { buildStatement, keyIdOf, statementPayload, toBase64, verifyEnvelope } from '@mlebotics/shared';
import { p256 } from '@noble/curves/nist.js';
// The same @grpc/grpc-js instance the KMS client uses (credentials are checked with instanceof).
import { grpc } from 'google-gax';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KmsSigner, crc32c } from './kms-signer.js';
import { SignerError } from './signer.js';

const KEY_VERSION = 'projects/demo/locations/global/keyRings/mlebotics/cryptoKeys/plugin-signing/cryptoKeyVersions/1';

/** node_modules/<name> as installed for the functions workspace. */
function installed(name: string): string {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${name} is not installed`);
  }
}

// The key the fake KMS holds. Cloud KMS signs the digest it is given (no second hash), so the
// server signs prehashed with noble: its signatures must verify as ECDSA-P256-SHA256 over the
// original message.
const secretKey = p256.utils.randomSecretKey();
const point = p256.getPublicKey(secretKey, false);
const spki = Buffer.concat([
  Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'),
  Buffer.from(point),
]);
const PEM = `-----BEGIN PUBLIC KEY-----\n${spki
  .toString('base64')
  .match(/.{1,64}/g)!
  .join('\n')}\n-----END PUBLIC KEY-----\n`;

interface Faults {
  corruptSignatureCrc?: boolean;
  denyDigestCrc?: boolean;
  wrongName?: boolean;
  corruptPemCrc?: boolean;
  algorithm?: string;
}

let faults: Faults = {};
const seenDigestCrcs: Array<{ sent: number; actual: number }> = [];
let server: grpc.Server;
let client: KeyManagementServiceClient;

type Call = grpc.ServerUnaryCall<Record<string, unknown>, unknown>;

beforeAll(async () => {
  const definition = protoLoader.loadSync('google/cloud/kms/v1/service.proto', {
    includeDirs: [
      path.join(installed('@google-cloud/kms'), 'build/protos'),
      path.join(installed('google-gax'), 'build/protos'),
    ],
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const kms = (
    grpc.loadPackageDefinition(definition) as unknown as {
      google: { cloud: { kms: { v1: { KeyManagementService: { service: grpc.ServiceDefinition } } } } };
    }
  ).google.cloud.kms.v1;
  server = new grpc.Server();
  server.addService(kms.KeyManagementService.service, {
    asymmetricSign(call: Call, callback: grpc.sendUnaryData<unknown>) {
      const request = call.request as { name: string; digest: { sha256: Buffer }; digestCrc32c: { value: string } };
      const digest = request.digest.sha256;
      const actual = crc32c(digest);
      seenDigestCrcs.push({ sent: Number(request.digestCrc32c.value), actual });
      const signature = Buffer.from(p256.sign(digest, secretKey, { prehash: false, format: 'der', lowS: false }));
      callback(null, {
        name: faults.wrongName ? `${request.name}-other` : request.name,
        signature,
        signatureCrc32c: { value: String(crc32c(signature) + (faults.corruptSignatureCrc ? 1 : 0)) },
        verifiedDigestCrc32c: !faults.denyDigestCrc && actual === Number(request.digestCrc32c.value),
        protectionLevel: 'HSM',
      });
    },
    getPublicKey(call: Call, callback: grpc.sendUnaryData<unknown>) {
      callback(null, {
        name: (call.request as { name: string }).name,
        pem: PEM,
        pemCrc32c: { value: String(crc32c(PEM) + (faults.corruptPemCrc ? 1 : 0)) },
        algorithm: faults.algorithm ?? 'EC_SIGN_P256_SHA256',
        protectionLevel: 'HSM',
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  // Explicit test credentials keep the client from looking for Google metadata servers.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  client = new KeyManagementServiceClient({
    apiEndpoint: '127.0.0.1',
    port,
    sslCreds: grpc.credentials.createInsecure(),
    projectId: 'demo',
    credentials: {
      client_email: 'signer@demo.iam.gserviceaccount.com',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    },
  });
});

afterAll(async () => {
  await client?.close();
  server?.forceShutdown();
});

const message = new TextEncoder().encode('DSSEv1 28 application/vnd.in-toto+json 2 {}');

describe('KmsSigner over a real gRPC connection', () => {
  it('signs the SHA-256 digest so the signature verifies as ECDSA-P256-SHA256 over the message', async () => {
    faults = {};
    const signer = new KmsSigner(client, KEY_VERSION);
    const key = await signer.describeKey();
    expect(key).toEqual({ keyId: keyIdOf(PEM), publicKeyPem: PEM, source: 'kms', kmsKeyVersion: KEY_VERSION });
    const signature = await signer.sign(message);
    expect(verify('sha256', message, { key: createPublicKey(PEM), dsaEncoding: 'der' }, signature)).toBe(true);
    // The digest CRC32C went with the request and matched.
    expect(seenDigestCrcs.at(-1)!.sent).toBe(seenDigestCrcs.at(-1)!.actual);
  });

  it('produces DSSE envelopes that verify against the published key', async () => {
    faults = {};
    const signer = new KmsSigner(client, KEY_VERSION);
    const key = await signer.describeKey();
    const statement = buildStatement('ab'.repeat(32), {
      pluginId: 'acme.kms',
      version: '1.0.0',
      publisher: 'acme',
      uploader: 'uid',
      uploadId: 'upload',
      manifestSha256: 'cd'.repeat(32),
      permissions: [],
      files: [],
      publishedAt: new Date(0).toISOString(),
    });
    const { payload, pae } = statementPayload(statement);
    const envelope = {
      payloadType: 'application/vnd.in-toto+json',
      payload: toBase64(payload),
      signatures: [{ keyid: key.keyId, sig: toBase64(await signer.sign(pae)) }],
    };
    const result = verifyEnvelope(envelope, [{ keyId: key.keyId, publicKeyPem: key.publicKeyPem, status: 'active' }]);
    expect(result).toMatchObject({ ok: true, keyId: key.keyId });
  });

  it('rejects a signature whose CRC32C does not match', async () => {
    faults = { corruptSignatureCrc: true };
    await expect(new KmsSigner(client, KEY_VERSION).sign(message)).rejects.toThrow(SignerError);
  });

  it('rejects a response where KMS did not verify the digest CRC32C', async () => {
    faults = { denyDigestCrc: true };
    await expect(new KmsSigner(client, KEY_VERSION).sign(message)).rejects.toThrow(/did not verify the digest CRC32C/);
  });

  it('rejects a response for another key version', async () => {
    faults = { wrongName: true };
    await expect(new KmsSigner(client, KEY_VERSION).sign(message)).rejects.toThrow(/answered for .*-other/);
  });

  it('rejects a public key whose CRC32C does not match, or of the wrong algorithm', async () => {
    faults = { corruptPemCrc: true };
    await expect(new KmsSigner(client, KEY_VERSION).describeKey()).rejects.toThrow(/CRC32C/);
    faults = { algorithm: 'RSA_SIGN_PSS_2048_SHA256' };
    await expect(new KmsSigner(client, KEY_VERSION).describeKey()).rejects.toThrow(/EC_SIGN_P256_SHA256 is required/);
  });
});
